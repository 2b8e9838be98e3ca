package dev.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the deploy scripts ({@code deploy/kafka}, {@code deploy/postgres}) run against a state
 * directory of the test's own, with the environment the test gives it.
 */
final class StackScript {

  private static final long TIMEOUT_SECONDS = 120;

  private final Path script;
  private final Map<String, String> environment;

  private StackScript(Path script, Map<String, String> environment) {
    this.script = script;
    this.environment = environment;
  }

  /**
   * The script named {@code name} in the module's directory, with {@code OPS_STACK_DIR} set to
   * {@code stateDirectory}, made searchable by everyone: PostgreSQL runs as the postgres user.
   */
  static StackScript named(String name, Path stateDirectory, Map<String, String> settings) {
    Path deploy = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    Map<String, String> environment = new HashMap<>(settings);
    environment.put("OPS_STACK_DIR", stateDirectory.toString());
    openToOtherUsers(stateDirectory);
    return new StackScript(deploy.resolve(name), environment);
  }

  Result run(String action) {
    ProcessBuilder builder = new ProcessBuilder(List.of(script.toString(), action));
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // The scripts send their servers' output to log files, so this ends with the script.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(script + " " + action + " did not end; it printed:\n" + output);
      }
      return new Result(action, process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + script, e);
    }
  }

  private static void openToOtherUsers(Path directory) {
    try {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run of the script printed, with its exit status. */
  record Result(String action, int exitCode, String output) {

    @Override
    public String toString() {
      return action + " exited " + exitCode + ", printing:\n" + output;
    }
  }
}
