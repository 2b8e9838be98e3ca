package dev.ops.core.config;

import java.util.List;
import java.util.Map;

/**
 * The fields of a NanoVMs OPS {@code config.json} that mean something here. A field that was absent
 * is {@code null} (lists and maps) or 0 (numbers), so that command-line flags and package defaults
 * can tell "not given" from "given empty".
 *
 * @param program the ELF to run
 * @param args arguments after the program name
 * @param env environment of the program
 * @param files files copied to the same relative path in the guest
 * @param dirs directories copied whole
 * @param mapDirs host directory or glob to guest directory
 * @param nameServers DNS servers
 * @param memoryMib {@code RunConfig.Memory} in MiB
 * @param cpus {@code RunConfig.CPUs}
 * @param ports {@code RunConfig.Ports}, each {@code HOST[:GUEST]}
 */
public record OpsConfig(
    String program,
    List<String> args,
    Map<String, String> env,
    List<String> files,
    List<String> dirs,
    Map<String, String> mapDirs,
    List<String> nameServers,
    int memoryMib,
    int cpus,
    List<String> ports) {

  public static OpsConfig empty() {
    return new OpsConfig(null, null, null, null, null, null, null, 0, 0, null);
  }
}
