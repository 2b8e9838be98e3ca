package dev.ops.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles the small C programs under {@code src/test/resources/programs} with gcc. */
final class TestPrograms {

  private TestPrograms() {}

  /** Copies a resource next to the programs, for files that go into images. */
  static Path copyResource(String name, Path directory) {
    try (InputStream in = TestPrograms.class.getResourceAsStream("/programs/" + name)) {
      Path target = directory.resolve(name);
      Files.createDirectories(directory);
      Files.copy(in, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path compile(String source, Path directory, String... flags) {
    Path input = copyResource(source, directory);
    Path output = directory.resolve(source.replace(".c", ""));
    List<String> command =
        new ArrayList<>(List.of("gcc", "-O2", "-o", output.toString(), input.toString()));
    // Libraries after the source, or the linker drops them before it knows they are needed.
    command.addAll(List.of(flags));
    run(command, directory);
    return output;
  }

  static void run(List<String> command, Path directory) {
    try {
      Process gcc =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(gcc.getInputStream().readAllBytes());
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new AssertionError("could not run " + command + ":\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
