package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs make in an unpacked kernel tree from an argument list, with the build identity pinned and
 * every line of output appended to one log file. A failure quotes the last lines of output and
 * names the log, which is where the compiler's error is.
 */
final class Kbuild {

  /** Lines of output quoted in an error message. */
  private static final int TAIL_LINES = 25;

  /**
   * Pinned identity: two builds of the same inputs give the same bytes (the timestamp, user and
   * host otherwise end up in the kernel's version string). The C locale makes tools print alike.
   */
  static final Map<String, String> ENVIRONMENT =
      Map.of(
          "KBUILD_BUILD_TIMESTAMP", "Thu Jan  1 00:00:00 UTC 1970",
          "KBUILD_BUILD_USER", "ops",
          "KBUILD_BUILD_HOST", "ops",
          "KBUILD_BUILD_VERSION", "1",
          "LC_ALL", "C");

  private final Path tree;
  private final Path log;

  Kbuild(Path tree, Path log) {
    this.tree = tree;
    this.log = log;
  }

  Path tree() {
    return tree;
  }

  Path log() {
    return log;
  }

  /** Runs {@code make ARCH=x86_64 <arguments>}; returns its output lines. */
  List<String> make(List<String> arguments, Duration timeout) {
    List<String> lines = new ArrayList<>();
    make(arguments, timeout, lines::add);
    return lines;
  }

  /** Runs make, handing each output line (standard output and error together) to the consumer. */
  void make(List<String> arguments, Duration timeout, Consumer<String> lines) {
    List<String> command = new ArrayList<>(List.of("make", "ARCH=x86_64"));
    command.addAll(arguments);
    Process process = start(command);
    AtomicBoolean timedOut = new AtomicBoolean();
    Thread watchdog = watch(process, timeout, timedOut);
    Deque<String> tail = new ArrayDeque<>();
    try {
      copyOutput(
          process,
          command,
          line -> {
            lines.accept(line);
            remember(tail, line);
          });
      int exit = process.waitFor();
      watchdog.interrupt();
      requireSuccess(command, exit, timedOut.get(), timeout, tail);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while running " + String.join(" ", command));
    }
  }

  private Process start(List<String> command) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(tree.toFile());
    builder.environment().putAll(ENVIRONMENT);
    builder.redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new OpsException(
          "could not start make: " + e.getMessage(), "install it with: apt-get install make");
    }
  }

  private void copyOutput(Process process, List<String> command, Consumer<String> lines) {
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter writer =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      writer.write("$ " + String.join(" ", command) + "\n");
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        writer.write(line);
        writer.newLine();
        lines.accept(line);
      }
    } catch (IOException e) {
      kill(process);
      throw new UncheckedIOException("could not copy make's output to " + log, e);
    }
  }

  private static Thread watch(Process process, Duration timeout, AtomicBoolean timedOut) {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                  timedOut.set(true);
                  kill(process);
                }
              } catch (InterruptedException e) {
                // The build finished first; nothing to watch any more.
              }
            },
            "kbuild-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    return watchdog;
  }

  /** make leaves its compilers running when only make itself is killed. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void remember(Deque<String> tail, String line) {
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
  }

  private void requireSuccess(
      List<String> command, int exit, boolean timedOut, Duration timeout, Deque<String> tail) {
    if (timedOut) {
      throw new OpsException(
          String.join(" ", command) + " did not finish within " + timeout.toMinutes() + " min",
          "the machine may be overloaded; see " + log + " and try again");
    }
    if (exit != 0) {
      throw new OpsException(
          String.join(" ", command)
              + " failed with exit status "
              + exit
              + "; its last output:\n"
              + String.join("\n", tail),
          "the whole output is in "
              + log
              + "; the source tree is left in "
              + tree
              + " to look into");
    }
  }
}
