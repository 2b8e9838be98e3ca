package dev.ops.core.elf;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Compiles small C files for tests that need real toolchain output. */
final class Gcc {
  private static final long TIMEOUT_SECONDS = 120;

  private Gcc() {}

  /** Skips the calling test when there is no gcc. */
  static void assumeAvailable() {
    boolean available =
        List.of("/usr/bin/gcc", "/usr/local/bin/gcc").stream()
            .anyMatch(p -> Files.isExecutable(Path.of(p)));
    assumeTrue(available, "gcc is not installed");
  }

  /**
   * Compiles {@code source} into {@code output}; {@code options} come after the source file, so
   * that "-l" options resolve its symbols.
   */
  static Path compile(Path output, String source, String... options)
      throws IOException, InterruptedException {
    Files.createDirectories(output.toAbsolutePath().getParent());
    Path sourceFile = output.resolveSibling(output.getFileName() + ".c");
    Files.writeString(sourceFile, source);
    List<String> command =
        new ArrayList<>(List.of("gcc", "-o", output.toString(), sourceFile.toString()));
    command.addAll(List.of(options));
    run(command, output.getParent());
    return output;
  }

  /** Runs a command in {@code directory}, failing the test with its output if it fails. */
  static String run(List<String> command, Path directory) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    String text = new String(output, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new AssertionError(command + " failed with " + process.exitValue() + ":\n" + text);
    }
    return text;
  }
}
