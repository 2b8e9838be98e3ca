package dev.ops.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code ops.jar} as one machine would: its own ops home, its own kernel cache
 * and its own registry settings, for tests where two "machines" exchange images through a registry.
 * {@link OpsProcess} serves tests that share the one kernel cache.
 */
final class OpsEnvironment {

  static final Path SHARED_KERNEL_CACHE =
      Path.of(System.getProperty("user.home"), ".ops", "kernels");

  private final Path home;
  private final Map<String, String> variables;

  private OpsEnvironment(Path home, Map<String, String> variables) {
    this.home = home;
    this.variables = variables;
  }

  static OpsEnvironment machine(Path home, Path kernelCache) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("OPS_HOME", home.toString());
    variables.put("OPS_KERNEL_CACHE", kernelCache.toString());
    return new OpsEnvironment(home, variables);
  }

  OpsEnvironment with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(variables);
    more.put(name, value);
    return new OpsEnvironment(home, more);
  }

  Path home() {
    return home;
  }

  OpsProcess.Result run(Path workingDirectory, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                OpsProcess.JAR.toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(home);
      Path out = Files.createTempFile(home, "stdout-", ".txt");
      Path err = Files.createTempFile(home, "stderr-", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDirectory.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().remove("OPS_REGISTRY");
      builder.environment().remove("OPS_REGISTRY_TOKEN");
      builder.environment().putAll(variables);
      return await(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OpsProcess.Result await(Process process, Path out, Path err) throws IOException {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("ops did not finish within 5 minutes:\n" + Files.readString(err));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError(e);
    }
    OpsProcess.Result result =
        new OpsProcess.Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    Files.delete(out);
    Files.delete(err);
    return result;
  }
}
