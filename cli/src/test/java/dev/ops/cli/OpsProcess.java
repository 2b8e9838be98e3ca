package dev.ops.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code ops.jar} as a user would, in its own process, with a private ops home
 * and the shared kernel cache (fetching a kernel per test would be slow and prove nothing new).
 */
final class OpsProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("ops.jar", "target/ops.jar"));
  private static final Path KERNEL_CACHE =
      Path.of(System.getProperty("user.home"), ".ops", "kernels");

  private final Process process;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread outPump;
  private final Thread errPump;

  /** What a finished ops command did. */
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + "\n" + stderr;
    }
  }

  private OpsProcess(Process process) {
    this.process = process;
    this.outPump = pump(process.getInputStream(), stdout);
    this.errPump = pump(process.getErrorStream(), stderr);
  }

  static OpsProcess start(Path home, Path workingDirectory, String... args) {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
    Map<String, String> environment = builder.environment();
    environment.put("OPS_HOME", home.toString());
    environment.put("OPS_KERNEL_CACHE", KERNEL_CACHE.toString());
    try {
      return new OpsProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Result run(Path home, Path workingDirectory, String... args) {
    try (OpsProcess ops = start(home, workingDirectory, args)) {
      return ops.await(Duration.ofMinutes(5));
    }
  }

  String stdoutSoFar() {
    synchronized (stdout) {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }

  /**
   * SIGTERM, as a service manager would stop ops. Through the process handle, because {@link
   * Process#destroy()} also closes our ends of its output, losing what it prints last.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL: ops gets no chance to clean up. */
  void kill() {
    process.toHandle().destroyForcibly();
  }

  /** The processes ops started, such as QEMU. */
  List<ProcessHandle> descendants() {
    return process.toHandle().descendants().toList();
  }

  Result await(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(
            "ops did not finish within "
                + timeout
                + "; output so far:\n"
                + stdoutSoFar()
                + "\n"
                + text(stderr));
      }
      outPump.join();
      errPump.join();
      return new Result(process.exitValue(), text(stdout), text(stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static String text(ByteArrayOutputStream buffer) {
    synchronized (buffer) {
      return buffer.toString(StandardCharsets.UTF_8);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[4096];
              try (in) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                  synchronized (sink) {
                    sink.write(buffer, 0, read);
                  }
                }
              } catch (IOException e) {
                // The process ended.
              }
            });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
