package dev.ops.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What an instance of a stored or registry image gets: ports, memory and CPUs. */
final class InstanceFlags {

  @Option(
      names = {"-p", "--port"},
      paramLabel = "HOST[:GUEST]",
      description = "Forward a TCP port from 127.0.0.1 on the host (repeatable).")
  List<String> ports = new ArrayList<>();

  @Option(
      names = {"-m", "--memory"},
      paramLabel = "SIZE",
      description = "Guest memory.")
  String memory;

  @Option(names = "--smp", paramLabel = "N", defaultValue = "1", description = "Virtual CPUs.")
  int cpus;
}
