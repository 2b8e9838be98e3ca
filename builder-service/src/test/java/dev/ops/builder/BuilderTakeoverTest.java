package dev.ops.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.builder.testing.BuilderProcessMain;
import dev.ops.builder.testing.SlowProxy;
import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.builder.testing.TestRequests;
import dev.ops.events.build.BuildProgress;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.build.BuildSucceeded;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A builder killed in the middle of a build (SIGKILL: nothing closes, nothing commits) leaves its
 * request to the group, and another builder builds it.
 */
class BuilderTakeoverTest {

  private static TestFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = TestFleet.start();
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  /** A builder in its own JVM, whose registry hands out blobs slowly. */
  private static Process startDoomedBuilder(SlowProxy registry) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                BuilderProcessMain.class.getName(),
                "doomed-builder",
                fleet.kafka.bootstrapServers(),
                registry.url().toString(),
                fleet.directory().resolve("doomed").toString())
            .redirectErrorStream(true)
            .start();
    awaitReady(process);
    return process;
  }

  private static void awaitReady(Process process) {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> ready =
        CompletableFuture.supplyAsync(
            () -> output.lines().anyMatch(line -> line.contains(BuilderProcessMain.READY)));
    await("the doomed builder to join the group")
        .atMost(Duration.ofSeconds(60))
        .until(() -> ready.isDone() || !process.isAlive());
    assertThat(ready.getNow(false)).as("the builder process started").isTrue();
    // Keep draining its output, or the child blocks on a full pipe.
    CompletableFuture.runAsync(() -> output.lines().forEach(line -> {}));
  }

  @Test
  void shouldBuildTheRequestOnAnotherBuilderWhenItsBuilderIsKilledMidBuild() throws Exception {
    BuildRequested request =
        fleet.requests.request(
            TestRequests.newBuildId(), "takeover:1", TestPrograms.dynamicHello());
    Process doomed;
    try (SlowProxy slowRegistry = new SlowProxy(fleet.registry.url(), Duration.ofMinutes(2))) {
      doomed = startDoomedBuilder(slowRegistry);
      fleet.requester.publish(request).get();
      await("the doomed builder to start the build")
          .atMost(Duration.ofSeconds(60))
          .until(() -> progressSteps(request).contains("pull-kernel"));

      doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    fleet.startBuilder("rescuer");

    BuildSucceeded succeeded = fleet.events.awaitSucceeded(request.buildId());
    assertThat(succeeded.image()).endsWith("/takeover:1");
    assertThat(fleet.events.started(request.buildId()))
        .extracting(BuildStarted::builder, BuildStarted::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("doomed-builder", 1),
            org.assertj.core.groups.Tuple.tuple("rescuer", 2));
  }

  private static List<String> progressSteps(BuildRequested request) {
    return fleet.events.payloadsOf(request.buildId(), BuildProgress.class).stream()
        .map(BuildProgress::step)
        .toList();
  }
}
