package dev.ops.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end, with a time limit, keeping what it printed. */
final class Processes {

  private Processes() {}

  /** What a finished command printed, with its exit status. */
  record Finished(int exitCode, String stdout, String stderr) {}

  static Finished run(ProcessBuilder builder, Duration timeout) {
    String command = String.join(" ", builder.command());
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      // Both pipes are drained at once, so a command filling one never blocks on it.
      CompletableFuture<String> stderr = readAsync(process.getErrorStream());
      CompletableFuture<String> stdout = readAsync(process.getInputStream());
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not end within " + timeout);
      }
      // A process it left behind holding a pipe would keep the reading open: not for long.
      return new Finished(
          process.exitValue(), stdout.orTimeout(10, TimeUnit.SECONDS).join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  private static CompletableFuture<String> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
