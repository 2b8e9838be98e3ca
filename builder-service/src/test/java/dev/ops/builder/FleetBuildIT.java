package dev.ops.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestKernels;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.core.kernel.KernelStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ops command line against the fleet: {@code ops build --fleet} with a real broker, a real
 * registry and a builder, and {@code ops events} reading what happened. Runs the packaged ops.jar
 * as a user would.
 */
class FleetBuildIT {

  private static final Path OPS_JAR =
      Path.of(System.getProperty("ops.jar", "../cli/target/ops.jar")).toAbsolutePath();

  private static TestFleet fleet;
  private static Path home;
  private static Path kernels;

  /** What a finished ops command did. */
  private record Result(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  static void startFleet() throws IOException {
    assumeTrue(Files.isRegularFile(OPS_JAR), "build the cli module first: " + OPS_JAR);
    fleet = TestFleet.start();
    fleet.startBuilder("builder-it");
    home = Files.createDirectories(fleet.directory().resolve("user-home"));
    kernels = home.resolve("kernels");
    TestKernels.install(new KernelStore(kernels));
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  private static ProcessBuilder ops(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                OPS_JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("OPS_HOME", home.toString());
    environment.put("OPS_KERNEL_CACHE", kernels.toString());
    environment.put("OPS_KAFKA", fleet.kafka.bootstrapServers());
    environment.put("OPS_REGISTRY", fleet.registry.url().toString());
    return builder;
  }

  private static Result run(String... args) throws IOException, InterruptedException {
    Process process = ops(args).start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("ops " + String.join(" ", args) + " did not finish: " + err.join());
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void shouldPrintThePushedImageWithTheDigestALocalBuildGives() throws Exception {
    Path hello = TestPrograms.dynamicHello();

    Result fleetBuild =
        run(
            "build",
            "--fleet",
            hello.toString(),
            "-i",
            "cli-hello:1",
            "--kernel",
            TestKernels.NAME);
    Result localBuild =
        run("build", hello.toString(), "-i", "cli-hello", "--kernel", TestKernels.NAME);

    assertThat(fleetBuild.exitCode()).as(fleetBuild.stderr()).isZero();
    assertThat(fleetBuild.stderr()).contains("took the build", "push-image:");
    String[] printed = fleetBuild.stdout().strip().split(" ");
    assertThat(printed[0]).isEqualTo(fleet.registry.host() + "/cli-hello:1");
    assertThat(localBuild.exitCode()).as(localBuild.stderr()).isZero();
    assertThat(localBuild.stdout().strip()).isEqualTo("cli-hello " + printed[1]);
  }

  @Test
  void shouldBuildOnAPackageTheImageALocalBuildOnItGives() throws Exception {
    Path hello = TestPrograms.dynamicHello();
    Result made =
        run(
            "pkg",
            "from-run",
            hello.toString(),
            "--name",
            "greeter",
            "--version",
            "1.0",
            "-a",
            "a");

    Result fleetBuild =
        run(
            "build",
            "--fleet",
            "--package",
            "greeter:1.0",
            "-a",
            "from-the-user",
            "-i",
            "on-package:1",
            "--kernel",
            TestKernels.NAME);
    Result localBuild =
        run(
            "build",
            "--package",
            "greeter:1.0",
            "-a",
            "from-the-user",
            "-i",
            "on-package",
            "--kernel",
            TestKernels.NAME);

    assertThat(made.exitCode()).as(made.stderr()).isZero();
    assertThat(fleetBuild.exitCode()).as(fleetBuild.stderr()).isZero();
    assertThat(fleetBuild.stderr()).contains("pull-package: package greeter:1.0");
    String[] printed = fleetBuild.stdout().strip().split(" ");
    assertThat(printed[0]).isEqualTo(fleet.registry.host() + "/on-package:1");
    assertThat(localBuild.exitCode()).as(localBuild.stderr()).isZero();
    assertThat(localBuild.stdout().strip()).isEqualTo("on-package " + printed[1]);
  }

  @Test
  void shouldExitWith125AndTheReasonWhenTheBuildFails() throws Exception {
    Result result =
        run(
            "build",
            "--fleet",
            TestPrograms.dynamicHello().toString(),
            "-i",
            "nokernel:1",
            "--kernel",
            "no-such-kernel");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr()).contains("failed at step pull-kernel", "no-such-kernel");
  }

  @Test
  void shouldTailTheFleetsEventsAsJsonForScripts() throws Exception {
    Result built =
        run(
            "build",
            "--fleet",
            TestPrograms.dynamicHello().toString(),
            "-i",
            "tailed:1",
            "--kernel",
            TestKernels.NAME);
    assertThat(built.exitCode()).as(built.stderr()).isZero();

    Process events =
        ops("events", "--from-beginning", "--json", "--type", "dev.ops.build.").start();
    try {
      List<JsonNode> lines = new CopyOnWriteArrayList<>();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8));
      ObjectMapper json = new ObjectMapper();
      CompletableFuture.runAsync(
          () -> out.lines().forEach(line -> lines.add(readJson(json, line))));

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> lines.stream().anyMatch(FleetBuildIT::isTailedSuccess));
      assertThat(lines)
          .allSatisfy(line -> assertThat(line.path("type").asText()).startsWith("dev.ops.build."))
          .anySatisfy(
              line ->
                  assertThat(line.path("type").asText()).isEqualTo("dev.ops.build.requested.v1"));
    } finally {
      events.destroy();
      events.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static boolean isTailedSuccess(JsonNode line) {
    return line.path("type").asText().equals("dev.ops.build.succeeded.v1")
        && line.path("data").path("image").asText().endsWith("/tailed:1");
  }

  private static JsonNode readJson(ObjectMapper json, String line) {
    try {
      return json.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
