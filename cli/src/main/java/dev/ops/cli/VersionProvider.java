package dev.ops.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = OpsCommand.class.getPackage().getImplementationVersion();
    return new String[] {"ops " + (version == null ? "development" : version)};
  }
}
