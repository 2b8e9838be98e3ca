package dev.ops.core.util;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host command from an argument list (never through a shell) and collects its output. For
 * short helper commands such as {@code apt-get download}; VMs have their own supervisor.
 */
public final class CommandRunner {

  private CommandRunner() {}

  /** The exit status and both outputs of a finished command. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  public static Result run(List<String> command, Path workingDirectory, Duration timeout) {
    Process process = start(command, workingDirectory);
    CompletableFuture<String> stdout = readAsync(process.getInputStream());
    CompletableFuture<String> stderr = readAsync(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new OpsException(
            "could not run " + command.get(0) + ": no answer after " + timeout.toSeconds() + " s",
            "check that the command works when you run it yourself: " + String.join(" ", command));
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while running " + command.get(0));
    }
  }

  /** Runs the command and fails with its error output when it does not succeed. */
  public static Result runChecked(List<String> command, Path workingDirectory, Duration timeout) {
    Result result = run(command, workingDirectory, timeout);
    if (!result.succeeded()) {
      throw new OpsException(
          "could not run "
              + String.join(" ", command)
              + ": exit status "
              + result.exitCode()
              + "\n"
              + result.stderr().strip());
    }
    return result;
  }

  private static Process start(List<String> command, Path workingDirectory) {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new OpsException(
          "could not start " + command.get(0) + ": " + e.getMessage(),
          "perhaps "
              + command.get(0)
              + " is not installed; see the README for the packages ops"
              + " needs");
    }
  }

  private static CompletableFuture<String> readAsync(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
