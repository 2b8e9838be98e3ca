package dev.ops.registry.it;

import static org.awaitility.Awaitility.await;

import dev.ops.registry.support.TestPostgres;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged registry ({@code target/quarkus-app/quarkus-run.jar}) run as its own process against
 * a test PostgreSQL database and a storage directory, configured the way production is: through
 * environment variables only.
 */
final class RegistryProcess implements AutoCloseable {

  static final String TOKEN = "it-push-token";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;

  private RegistryProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static RegistryProcess start(String database, Path storage, String name) throws IOException {
    int port = freePort();
    Path log = Path.of("target", "it-" + name + "-" + port + ".log").toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Short-lived test processes: start fast rather than run fast.
    command.addAll(
        List.of(
            "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment(database, storage, port));
    RegistryProcess started = new RegistryProcess(builder.start(), port, log);
    started.awaitReady();
    return started;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  /** Kills the process as a crash would: no shutdown hooks, nothing flushed on purpose. */
  void crash() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void awaitReady() {
    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(200))
        .failFast("the registry exited; see " + log, () -> !process.isAlive())
        .until(this::ready);
  }

  private boolean ready() {
    try {
      return RestAssured.given().port(port).get("/q/health/ready").statusCode() == 200;
    } catch (Exception e) {
      // Not listening yet (RestAssured throws ConnectException without declaring it).
      return false;
    }
  }

  private static Map<String, String> environment(String database, Path storage, int port) {
    return Map.of(
        "QUARKUS_HTTP_PORT",
        Integer.toString(port),
        "QUARKUS_HTTP_HOST",
        "127.0.0.1",
        "QUARKUS_DATASOURCE_REACTIVE_URL",
        TestPostgres.reactiveUrl(database),
        "QUARKUS_DATASOURCE_JDBC_URL",
        TestPostgres.jdbcUrl(database),
        "QUARKUS_DATASOURCE_USERNAME",
        "postgres",
        "QUARKUS_DATASOURCE_PASSWORD",
        "postgres",
        "OPS_REGISTRY_STORAGE",
        storage.toString(),
        "OPS_REGISTRY_PUSH_TOKENS",
        TOKEN);
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("registry.jar", "target/quarkus-app/quarkus-run.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the integration tests with 'mvn verify', after packaging");
    }
    return jar;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
