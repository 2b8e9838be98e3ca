package dev.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One of the deploy scripts ({@code deploy/kafka}, {@code deploy/up}...) run against a state
 * directory of the test's own, with the environment the test gives it.
 */
final class StackScript {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  /** The user's own settings for the CLI; the scripts and the test set their own. */
  static final List<String> CLIENT_VARIABLES =
      List.of("OPS_KAFKA", "OPS_REGISTRY", "OPS_REGISTRY_TOKEN");

  private final Path script;
  private final Map<String, String> environment;
  private final Duration timeout;

  private StackScript(Path script, Map<String, String> environment, Duration timeout) {
    this.script = script;
    this.environment = environment;
    this.timeout = timeout;
  }

  /**
   * The script named {@code name} in the module's directory, with {@code OPS_STACK_DIR} set to
   * {@code stateDirectory}, made searchable by everyone: PostgreSQL runs as the postgres user.
   */
  static StackScript named(String name, Path stateDirectory, Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("OPS_STACK_DIR", stateDirectory.toString());
    openToOtherUsers(stateDirectory);
    return new StackScript(moduleDirectory().resolve(name), environment, TIMEOUT);
  }

  /** This module's directory, where the scripts are. */
  static Path moduleDirectory() {
    return Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  }

  StackScript withTimeout(Duration newTimeout) {
    return new StackScript(script, environment, newTimeout);
  }

  Result run(String... arguments) {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    CLIENT_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    // The scripts send their servers' output to log files, so the output ends with the script.
    Processes.Finished finished = Processes.run(builder, timeout);
    return new Result(String.join(" ", command), finished.exitCode(), finished.stdout());
  }

  static void openToOtherUsers(Path directory) {
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run of the script printed, with its exit status. */
  record Result(String command, int exitCode, String output) {

    @Override
    public String toString() {
      return command + " exited " + exitCode + ", printing:\n" + output;
    }
  }
}
