package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ops.builder.BuilderSettings;
import dev.ops.builder.build.Builder;
import dev.ops.core.OpsHome;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ops command line in fleet mode, as a user runs it (the packaged ops.jar) against a real
 * broker, registry, builder and runner with real VMs: {@code run --fleet}, the instance commands,
 * {@code runner list} and {@code deploy}.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetCommandLineIT {

  private static final Path OPS_JAR =
      Path.of(System.getProperty("ops.jar", "../cli/target/ops.jar")).toAbsolutePath();

  private RunnerFleet fleet;
  private Builder builder;
  private Path home;

  /** What a finished ops command did. */
  private record Result(int exitCode, String stdout, String stderr) {}

  @BeforeAll
  void startFleet() throws IOException {
    assumeTrue(Files.isRegularFile(OPS_JAR), "build the cli module first: " + OPS_JAR);
    fleet = RunnerFleet.start();
    fleet.images.push("seed", Programs.EXITS_3, Kernel.MINIMAL); // puts the kernel in the registry
    String kernel =
        fleet.registry.url().getAuthority()
            + "/kernels/minimal:"
            + fleet.images.kernelName(Kernel.MINIMAL);
    BuilderSettings builderSettings =
        BuilderSettings.defaults(
                "builder-cli",
                fleet.kafka.bootstrapServers(),
                fleet.registry.url(),
                fleet.workDirectory("builder"))
            .withDefaultKernel(kernel)
            .withRegistry(RegistrySettings.of(fleet.registry.url().toString(), null));
    builder = Builder.start(builderSettings, new SimpleMeterRegistry());
    fleet.runner(fleet.settings("cli-runner"));
    home = Files.createDirectories(fleet.workDirectory("user"));
  }

  @AfterAll
  void stopFleet() {
    if (builder != null) {
      builder.close();
    }
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void runFleetBuildsLaunchesStreamsTheConsoleAndExitsWithTheProgramsStatus() throws Exception {
    Path program = fleet.images.compile("exits-3-cli", Programs.EXITS_3);

    Result result = ops("run", "--fleet", program.toString());

    assertThat(result.exitCode()).as(result.stderr()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("first line\nsecond line\n");
    assertThat(result.stderr()).contains("scheduled on runner cli-runner").contains("running on");
  }

  @Test
  void instanceCommandsCreateListLogStopAndRemoveAFleetInstance() throws Exception {
    ImageReference image = fleet.images.push("serves-cli", Programs.SERVES_UNTIL_TERM, "minimal");
    String reference = image.registry() + "/" + image.repository() + ":" + image.tag();

    Result created = ops("instance", "create", "--fleet", reference, "--name", "web");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    String id = created.stdout().strip();
    assertThat(id).startsWith("i-");

    assertThat(ops("instance", "list", "--fleet").stdout())
        .contains(id)
        .contains("web")
        .contains("running");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ops("instance", "logs", "--fleet", id).stdout().contains("serving"));
    assertThat(ops("runner", "list").stdout()).contains("cli-runner").contains("alive");

    Result stopped = ops("instance", "stop", "--fleet", id);
    assertThat(stopped.stdout()).contains(id + " exited 0");
    assertThat(ops("instance", "logs", "--fleet", id).stdout()).isEqualTo("serving\nbye\n");

    assertThat(ops("instance", "rm", "--fleet", id).stdout()).contains("removed " + id);
    assertThat(ops("instance", "list", "--fleet").stdout()).doesNotContain(id);
    assertThat(ops("instance", "stop", "--fleet", "i-unknown").stderr())
        .contains("the fleet has no instance i-unknown");
  }

  @Test
  void drainWaitsUntilTheRunnerHoldsNoVmAndResumeUndoesIt() throws Exception {
    ImageReference image = fleet.images.push("drained-cli", Programs.SERVES_UNTIL_TERM, "minimal");
    String reference = image.registry() + "/" + image.repository() + ":" + image.tag();
    String id = ops("instance", "create", "--fleet", reference).stdout().strip();
    assertThat(id).startsWith("i-");

    try {
      Result drained = ops("runner", "drain", "cli-runner", "--wait", "--timeout", "120");
      assertThat(drained.exitCode()).as(drained.stderr()).isZero();
      assertThat(drained.stdout()).contains("cli-runner draining").contains("holds no VM");
      assertThat(ops("runner", "list").stdout()).contains("draining");
      assertThat(ops("instance", "list", "--fleet").stdout()).contains(id).contains("exited");
    } finally {
      assertThat(ops("runner", "resume", "cli-runner").stdout()).contains("takes launches");
    }
    assertThat(ops("runner", "list").stdout()).contains("alive").doesNotContain("draining");
    assertThat(ops("runner", "drain", "nobody").stderr()).contains("no runner nobody");
    ops("instance", "rm", "--fleet", id);
  }

  @Test
  void deployStartsTheMissingReplicasOnly() throws Exception {
    ImageReference image = fleet.images.push("deployed", Programs.SERVES_UNTIL_TERM, "minimal");
    String reference = image.registry() + "/" + image.repository() + "@" + image.digest();

    Result first = ops("deploy", reference, "--replicas", "2", "--name", "api");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stdout()).contains("d-api-1 running").contains("d-api-2 running");

    Result again = ops("deploy", reference, "--replicas", "2", "--name", "api");
    assertThat(again.stdout()).contains("d-api-1 running (already deployed)");

    assertThat(ops("instance", "rm", "--fleet", "d-api-1", "d-api-2").exitCode()).isZero();
  }

  private Result ops(String... args) throws IOException, InterruptedException {
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
    environment.put("OPS_KERNEL_CACHE", OpsHome.fromEnvironment().kernels().toString());
    environment.put("OPS_KAFKA", fleet.kafka.bootstrapServers());
    environment.put("OPS_REGISTRY", fleet.registry.url().toString());
    Process process = builder.start();
    CompletableFuture<String> err =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    CompletableFuture<String> out =
        CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("ops " + String.join(" ", args) + " did not finish: " + err.join());
    }
    return new Result(process.exitValue(), out.join(), err.join());
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
