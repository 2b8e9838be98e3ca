package dev.ops.core.config;

import java.util.List;
import java.util.Map;

/**
 * What the user gave on the command line, before merging with a config file. {@code null} and 0
 * mean "not given".
 *
 * @param program the program argument
 * @param args {@code -a} values
 * @param env {@code -e} values
 * @param ports {@code -p} values
 * @param memoryMib {@code -m}
 * @param cpus {@code --smp}
 * @param libraryPaths {@code --lib-path} values
 * @param kernel {@code --kernel}
 */
public record CommandLineSettings(
    String program,
    List<String> args,
    Map<String, String> env,
    List<String> ports,
    int memoryMib,
    int cpus,
    List<String> libraryPaths,
    String kernel) {}
