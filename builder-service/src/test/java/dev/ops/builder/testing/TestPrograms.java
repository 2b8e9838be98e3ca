package dev.ops.builder.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small C programs compiled once per test run with the machine's gcc. */
public final class TestPrograms {

  private static final Path DIRECTORY = createDirectory();

  private TestPrograms() {}

  /** A dynamically linked hello, which needs the loader and libc. */
  public static Path dynamicHello() {
    return compile("hello", "#include <stdio.h>\nint main(){puts(\"hello\");return 0;}\n");
  }

  /** A static program that prints {@code text}: no libraries, so its request has one blob. */
  public static Path staticProgram(String name, String text) {
    String source = "#include <stdio.h>\nint main(){puts(\"" + text + "\");return 0;}\n";
    return compile(name, source, "-static");
  }

  private static synchronized Path compile(String name, String source, String... options) {
    Path program = DIRECTORY.resolve(name);
    if (Files.isRegularFile(program)) {
      return program;
    }
    try {
      Path file = Files.writeString(DIRECTORY.resolve(name + ".c"), source);
      List<String> command = new ArrayList<>(List.of("gcc", "-O1", "-o", program.toString()));
      command.add(file.toString());
      command.addAll(List.of(options));
      Process gcc = new ProcessBuilder(command).inheritIO().start();
      if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("gcc failed for " + name);
      }
      return program;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path createDirectory() {
    try {
      Path directory = Files.createTempDirectory("ops-test-programs-");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> dev.ops.core.util.FileTrees.deleteQuietly(directory), "rm-programs"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
