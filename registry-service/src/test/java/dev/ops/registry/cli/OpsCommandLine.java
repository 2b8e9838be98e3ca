package dev.ops.registry.cli;

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
 * The packaged ops command ({@code cli/target/ops.jar}) as one machine runs it: its own home, a
 * kernel cache, and the registry's address and token in its environment.
 */
final class OpsCommandLine {

  static final Path JAR =
      Path.of(System.getProperty("ops.jar", "../cli/target/ops.jar")).toAbsolutePath();
  static final Path SHARED_KERNEL_CACHE =
      Path.of(System.getProperty("user.home"), ".ops", "kernels");

  /** What a finished command did. */
  record Result(int exitCode, String stdout, String stderr) {}

  private final Path home;
  private final Map<String, String> environment;

  private OpsCommandLine(Path home, Map<String, String> environment) {
    this.home = home;
    this.environment = environment;
  }

  static OpsCommandLine machine(Path home, Path kernelCache) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("OPS_HOME", home.toString());
    environment.put("OPS_KERNEL_CACHE", kernelCache.toString());
    return new OpsCommandLine(home, environment);
  }

  OpsCommandLine with(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(environment);
    more.put(name, value);
    return new OpsCommandLine(home, more);
  }

  OpsCommandLine without(String name) {
    Map<String, String> fewer = new LinkedHashMap<>(environment);
    fewer.remove(name);
    return new OpsCommandLine(home, fewer);
  }

  Result run(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(home);
      Path out = Files.createTempFile("ops-out-", ".txt");
      Path err = Files.createTempFile("ops-err-", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(home.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().remove("OPS_REGISTRY");
      builder.environment().remove("OPS_REGISTRY_TOKEN");
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("ops " + String.join(" ", args) + " did not finish");
      }
      Result result =
          new Result(
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
