package dev.ops.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The service as it is deployed: the packaged Quarkus application, configured through environment
 * variables and a properties file as deploy/systemd/ops-runner.service does, runs a launch end to
 * end (its VM supervisors must find the core on the packaged application's classpath) and serves
 * health and metrics.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedRunnerIT {

  private static final Path APPLICATION = Path.of("target/quarkus-app/quarkus-run.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RunnerFleet fleet;
  private int port;

  @BeforeAll
  void startService() throws IOException {
    assertThat(APPLICATION).as("mvn package builds the application first").isRegularFile();
    fleet = RunnerFleet.start();
    port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder service = new ProcessBuilder(java, "-Xmx256m", "-jar", APPLICATION.toString());
    service.environment().put("OPS_KAFKA", fleet.kafka.bootstrapServers());
    service.environment().put("OPS_REGISTRY", fleet.registry.url().toString());
    service.environment().put("OPS_RUNNER_ID", "packaged");
    service.environment().put("OPS_RUNNER_VCPUS", "2");
    service.environment().put("OPS_RUNNER_MEMORY_MIB", "512");
    service.environment().put("QUARKUS_CONFIG_LOCATIONS", writeProperties().toString());
    service
        .environment()
        .put("OPS_RUNNER_WORK_DIRECTORY", fleet.workDirectory("packaged").toString());
    service.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
    Path log = Files.createDirectories(fleet.workDirectory("packaged")).resolve("service.log");
    fleet.own(service.redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  /** Settings as an operator writes them in /etc/ops/runner.properties, Kafka client map too. */
  private Path writeProperties() throws IOException {
    Path properties = fleet.workDirectory("packaged").resolveSibling("runner.properties");
    Files.createDirectories(properties.getParent());
    Files.writeString(
        properties,
        """
        ops.runner.heartbeat-interval=1s
        ops.runner.labels=zone=test,disk=ssd
        ops.runner.kafka.client."security.protocol"=PLAINTEXT
        ops.runner.kafka.client."client.dns.lookup"=use_all_dns_ips
        """);
    return properties;
  }

  @AfterAll
  void stopService() {
    fleet.close();
  }

  @Test
  void theDeployedServiceRunsALaunchAndReportsItselfHealthy() throws Exception {
    RunnerHeartbeat heartbeat =
        fleet.log.await(null, RunnerHeartbeat.class, h -> h.runnerId().equals("packaged"));
    assertThat(heartbeat.vcpusTotal()).isEqualTo(2);
    assertThat(heartbeat.memoryMibTotal()).isEqualTo(512);
    assertThat(heartbeat.labels()).containsEntry("zone", "test").containsEntry("disk", "ssd");
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/q/health/ready").statusCode() == 200);
    ImageReference image = fleet.images.push("exits-3", Programs.EXITS_3, Kernel.MINIMAL);

    String id = fleet.launch(image, RestartPolicy.NO, null);

    InstanceExited exited = fleet.log.await(id, InstanceExited.class);
    assertThat(exited.status()).isEqualTo(3);
    assertThat(fleet.log.programLines(id)).isEqualTo(List.of("first line", "second line"));
    String metrics = get("/q/metrics").body();
    assertThat(metrics)
        .contains("ops_runner_console_lines_total")
        .containsPattern("ops_runner_instances\\{[^}]*state=\"exited\"[^}]*\\} 1\\.0");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
