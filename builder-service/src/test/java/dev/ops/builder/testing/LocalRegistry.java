package dev.ops.builder.testing;

import static org.awaitility.Awaitility.await;

import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
 * A real OCI registry for tests: CNCF Distribution from Debian's {@code docker-registry} package,
 * as a child process on a free port (of loopback unless told another local address) with filesystem
 * storage in its own directory. It can be stopped and started again on the same port with the same
 * contents, to play a registry that goes down.
 */
public final class LocalRegistry implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/bin/docker-registry");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String LOOPBACK = "127.0.0.1";

  private final Path directory;
  private final String address;
  private final int port;
  private final Thread shutdownHook = new Thread(this::stop, "stop-test-registry");
  private Process process;

  private LocalRegistry(Path directory, String address, int port) {
    this.directory = directory;
    this.address = address;
    this.port = port;
    // A test JVM that is killed must not leave a registry behind.
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a registry in a new temporary directory, deleted on {@link #close}. */
  public static LocalRegistry start() {
    return start(LOOPBACK);
  }

  /**
   * Starts a registry listening on {@code address}, a local address that clients in other network
   * namespaces reach (a bridge's, for instance).
   */
  public static LocalRegistry start(String address) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing; install it with 'apt-get install -y docker-registry'");
    }
    try {
      LocalRegistry registry =
          new LocalRegistry(
              Files.createTempDirectory("ops-test-registry-"), address, freePort(address));
      registry.writeConfig();
      registry.startProcess();
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI url() {
    return URI.create("http://" + host());
  }

  /** {@code host:port}, as image references name it. */
  public String host() {
    return address + ":" + port;
  }

  /** Stops the process, keeping the contents. */
  public synchronized void stop() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroyForcibly();
      process = null;
    }
  }

  /** Starts it again on the same port, with what it held. */
  public void restart() {
    stop();
    startProcess();
  }

  @Override
  public void close() {
    stop();
    FileTrees.deleteQuietly(directory);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway.
    }
  }

  private synchronized void startProcess() {
    try {
      process =
          new ProcessBuilder(BINARY.toString(), "serve", directory.resolve("config.yml").toString())
              .redirectErrorStream(true)
              .redirectOutput(directory.resolve("registry.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Process started = process;
    await("registry at " + url())
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> started.isAlive() && answers());
  }

  private boolean answers() {
    try {
      HttpRequest ping = HttpRequest.newBuilder(url().resolve("/v2/")).build();
      return HTTP.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void writeConfig() throws IOException {
    String config =
        """
        version: 0.1
        log:
          level: warn
          accesslog:
            disabled: true
        storage:
          filesystem:
            rootdirectory: %s
          delete:
            enabled: true
        http:
          addr: %s
        """
            .formatted(directory.resolve("data"), host());
    Files.writeString(directory.resolve("config.yml"), config);
  }

  private static int freePort(String address) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    }
  }
}
