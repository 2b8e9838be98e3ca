package dev.ops.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a fleet launch may run and what happens when it ends. */
final class FleetFlags {

  @Option(
      names = "--fleet",
      description =
          "Run on the fleet's runners (Kafka from OPS_KAFKA, registry from OPS_REGISTRY) instead"
              + " of this machine.")
  boolean fleet;

  @Option(
      names = "--restart",
      paramLabel = "POLICY",
      description = "Fleet only: no (default), on-failure[:N] or always.")
  String restart;

  @Option(names = "--runner", paramLabel = "ID", description = "Fleet only: run on this runner.")
  String runner;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "Fleet only: run on a runner with this label (repeatable).")
  List<String> labels = new ArrayList<>();
}
