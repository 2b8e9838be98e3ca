package dev.ops.core.config;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.PortForward;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a config file with command-line flags: a flag that was given replaces the file's value;
 * environment variables merge key by key, the flag winning.
 */
public final class SettingsMerger {

  private SettingsMerger() {}

  public static ImageSpec imageSpec(OpsConfig file, CommandLineSettings flags, Path workingDir) {
    String program = flags.program() != null ? flags.program() : file.program();
    if (program == null) {
      throw new OpsException(
          "no program to run", "name the ELF on the command line, or set Program in config.json");
    }
    return merge(file, flags, workingDir, workingDir.resolve(program));
  }

  /**
   * What the user adds to an image built on a package: arguments, environment and files, without a
   * program of their own (a config file's {@code Program} is ignored: the package holds it).
   */
  public static ImageSpec packageSpec(OpsConfig file, CommandLineSettings flags, Path workingDir) {
    return merge(file, flags, workingDir, null);
  }

  private static ImageSpec merge(
      OpsConfig file, CommandLineSettings flags, Path workingDir, Path program) {
    Map<String, String> env = new LinkedHashMap<>(orEmpty(file.env()));
    env.putAll(orEmpty(flags.env()));
    return new ImageSpec(
        program,
        flags.args() != null && !flags.args().isEmpty() ? flags.args() : orEmpty(file.args()),
        env,
        orEmpty(file.files()),
        orEmpty(file.dirs()),
        orEmpty(file.mapDirs()),
        orEmpty(flags.libraryPaths()),
        orEmpty(file.nameServers()),
        flags.kernel(),
        workingDir);
  }

  public static LaunchOptions launchOptions(
      OpsConfig file, CommandLineSettings flags, LaunchOptions base) {
    List<String> ports =
        flags.ports() != null && !flags.ports().isEmpty() ? flags.ports() : orEmpty(file.ports());
    int memory = flags.memoryMib() > 0 ? flags.memoryMib() : file.memoryMib();
    int cpus = flags.cpus() > 0 ? flags.cpus() : Math.max(1, file.cpus());
    return new LaunchOptions(
        memory,
        cpus,
        ports.stream().map(PortForward::parse).toList(),
        base.machine(),
        base.allowKvm(),
        base.verbose(),
        base.stopGrace(),
        base.enforceMinimumMemory());
  }

  /** Parses {@code KEY=VALUE} words from {@code -e}. */
  public static Map<String, String> parseEnv(List<String> words) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String word : words) {
      int equals = word.indexOf('=');
      if (equals <= 0) {
        throw new OpsException(
            "'" + word + "' is not an environment variable", "write -e NAME=value");
      }
      env.put(word.substring(0, equals), word.substring(equals + 1));
    }
    return env;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
