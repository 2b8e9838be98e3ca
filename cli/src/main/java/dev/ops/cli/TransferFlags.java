package dev.ops.cli;

import picocli.CommandLine.Option;

/** The output flags every push and pull command takes. */
final class TransferFlags {

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show each blob and every retry.")
  boolean verbose;
}
