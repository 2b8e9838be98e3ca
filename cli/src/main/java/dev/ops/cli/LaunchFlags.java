package dev.ops.cli;

import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.MachineType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags shared by everything that boots a VM. */
final class LaunchFlags {

  @Option(
      names = {"-p", "--port"},
      paramLabel = "HOST[:GUEST]",
      description = "Forward a TCP port from 127.0.0.1 on the host (repeatable).")
  List<String> ports = new ArrayList<>();

  @Option(
      names = {"-m", "--memory"},
      paramLabel = "SIZE",
      description = "Guest memory, such as 256m or 1G (default: 256m, or what the image needs).")
  String memory;

  @Option(names = "--smp", paramLabel = "N", description = "Virtual CPUs (default: 1).")
  int cpus;

  @Option(
      names = "--accel",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Use KVM when it works (default); --no-accel forces software emulation.")
  boolean accel;

  @Option(
      names = "--machine",
      paramLabel = "TYPE",
      description = "microvm (default when QEMU has it) or q35.")
  String machine;

  @Option(
      names = "--stop-timeout",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "Seconds the program gets after SIGTERM before its VM is killed.")
  int stopTimeoutSeconds;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the kernel's messages and ops' steps.")
  boolean verbose;

  /** For benchmarks that look for the smallest memory a VM really boots in. */
  @Option(names = "--allow-low-memory", hidden = true)
  boolean allowLowMemory;

  LaunchOptions base() {
    return new LaunchOptions(
        0,
        Math.max(cpus, 1),
        List.of(),
        machine == null ? null : MachineType.parse(machine),
        accel,
        verbose,
        Duration.ofSeconds(stopTimeoutSeconds),
        !allowLowMemory);
  }
}
