package dev.ops.builder.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.builder.testing.TestRequests;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildStarted;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Quarkus service (test mode): builds through Kafka, health that follows Kafka and the
 * registry, metrics.
 */
@QuarkusTest
@WithTestResource(FleetResource.class)
class BuilderServiceTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/q/health/ready")
  URI ready;

  @TestHTTPResource("/q/health/live")
  URI live;

  @TestHTTPResource("/q/metrics")
  URI metrics;

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static TestFleet fleet() {
    return FleetResource.fleet;
  }

  @Test
  void shouldBuildARequestPublishedOnKafka() throws Exception {
    BuildRequested request =
        fleet()
            .requests
            .request(TestRequests.newBuildId(), "service-hello:1", TestPrograms.dynamicHello());

    fleet().requester.publish(request).get();

    assertThat(fleet().events.awaitSucceeded(request.buildId()).image())
        .isEqualTo(fleet().registry.host() + "/service-hello:1");
    assertThat(fleet().events.started(request.buildId()))
        .extracting(BuildStarted::builder)
        .containsExactly("service-builder");
  }

  @Test
  void shouldBeReadyAndAliveWhenKafkaAndTheRegistryAnswer() throws Exception {
    await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 200);

    assertThat(get(ready).body()).contains("\"kafka\"", "\"registry\"", "\"UP\"");
    assertThat(get(live).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldNotBeReadyWhileTheRegistryIsDown() throws Exception {
    fleet().registry.stop();
    try {
      HttpResponse<String> response = get(ready);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("\"registry\"", "\"DOWN\"");
    } finally {
      fleet().registry.restart();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> get(ready).statusCode() == 200);
  }

  @Test
  void shouldExposeBuildFiguresForPrometheus() throws Exception {
    BuildRequested request =
        fleet()
            .requests
            .request(TestRequests.newBuildId(), "metered:1", TestPrograms.dynamicHello());
    fleet().requester.publish(request).get();
    fleet().events.awaitSucceeded(request.buildId());

    String exposition = get(metrics).body();

    assertThat(exposition)
        .contains(
            "ops_builder_builds_total{outcome=\"built\"",
            "ops_builder_build_duration_seconds_count{outcome=\"built\"",
            "ops_builder_step_duration_seconds_count{step=\"push-image\"",
            "ops_builder_builds_in_progress");
  }
}
