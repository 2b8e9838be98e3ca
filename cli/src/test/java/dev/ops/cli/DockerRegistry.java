package dev.ops.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * CNCF Distribution, the reference OCI registry (Debian's {@code docker-registry}), run by a test
 * as a child process on a free loopback port with its storage in the test's directory. Tests that
 * need it are skipped when the binary is missing; {@code bin/setup-host} installs it.
 */
final class DockerRegistry implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration STARTUP = Duration.ofSeconds(20);

  private final Process process;
  private final Path storage;
  private final Path log;
  private final int port;

  private DockerRegistry(Process process, Path storage, Path log, int port) {
    this.process = process;
    this.storage = storage;
    this.log = log;
    this.port = port;
  }

  static DockerRegistry start(Path directory) {
    assumeTrue(Files.isExecutable(BINARY), BINARY + " is missing: run bin/setup-host");
    int port = freePort();
    Path storage = directory.resolve("storage");
    Path log = directory.resolve("registry.log");
    try {
      Files.createDirectories(storage);
      Path config = Files.writeString(directory.resolve("config.yml"), config(storage, port));
      Process process =
          new ProcessBuilder(BINARY.toString(), "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      DockerRegistry registry = new DockerRegistry(process, storage, log, port);
      registry.awaitReady();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, as references name it. */
  String host() {
    return "127.0.0.1:" + port;
  }

  String url() {
    return "http://" + host();
  }

  /** Where the registry keeps a blob's bytes (Distribution's filesystem layout). */
  Path blobData(String digest) {
    String hex = digest.substring("sha256:".length());
    return storage.resolve(
        "docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitReady() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create(url() + "/v2/")).timeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("docker-registry exited at start:\n" + logText());
      }
      try {
        if (client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      pause();
    }
    close();
    throw new AssertionError(
        "docker-registry did not answer within " + STARTUP + ":\n" + logText());
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Deletes enabled so tests may delete; a fixed secret so upload state survives restarts. */
  private static String config(Path storage, int port) {
    return String.join(
        "\n",
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + storage,
        "  delete:",
        "    enabled: true",
        "http:",
        "  addr: 127.0.0.1:" + port,
        "  secret: ops-test-secret",
        "");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
