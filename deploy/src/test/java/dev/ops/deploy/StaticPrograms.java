package dev.ops.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** Compiles the C programs under {@code src/test/resources/programs}, statically, with gcc. */
final class StaticPrograms {

  private StaticPrograms() {}

  /** The program compiled from {@code source} into {@code directory}. */
  static Path compile(String source, Path directory) {
    Path input = directory.resolve(source);
    Path output = directory.resolve(source.replace(".c", ""));
    try (InputStream in = StaticPrograms.class.getResourceAsStream("/programs/" + source)) {
      Files.copy(in, input, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> gcc = List.of("gcc", "-static", "-O2", "-o", output.toString(), input.toString());
    Processes.Finished compiled =
        Processes.run(new ProcessBuilder(gcc).redirectErrorStream(true), Duration.ofMinutes(1));
    if (compiled.exitCode() != 0) {
      throw new AssertionError("could not compile " + source + ":\n" + compiled.stdout());
    }
    return output;
  }
}
