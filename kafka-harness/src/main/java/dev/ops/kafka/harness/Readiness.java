package dev.ops.kafka.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Waits until the broker serves clients: first its port accepts connections (so the Admin client
 * does not fill the log with refused connections), then the cluster lists it as a live node. Stops
 * waiting at once when the broker process dies.
 */
final class Readiness {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final int CONNECT_TIMEOUT_MILLIS = 200;

  private final Process process;
  private final BrokerConfiguration configuration;
  private final Path log;

  Readiness(Process process, BrokerConfiguration configuration, Path log) {
    this.process = process;
    this.configuration = configuration;
    this.log = log;
  }

  void await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!portAccepts()) {
      pause(deadline, "to listen on port " + configuration.port());
    }
    try (Admin admin = Admin.create(adminSettings())) {
      while (!clusterListsBroker(admin)) {
        pause(deadline, "to join its own cluster");
      }
    }
  }

  private boolean portAccepts() {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(configuration.host(), configuration.port()),
          CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean clusterListsBroker(Admin admin) {
    try {
      return !admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaHarnessException("interrupted while waiting for the broker", e);
    }
  }

  private void pause(long deadline, String what) {
    if (!process.isAlive()) {
      throw new KafkaHarnessException(
          "the broker exited with status " + process.exitValue() + " before it was ready");
    }
    if (System.nanoTime() > deadline) {
      throw new KafkaHarnessException("the broker did not manage " + what + " in time; see " + log);
    }
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaHarnessException("interrupted while waiting for the broker", e);
    }
  }

  private Map<String, Object> adminSettings() {
    Map<String, Object> settings = new java.util.HashMap<>(configuration.clientSecurity());
    settings.put(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        configuration.host() + ":" + configuration.port());
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    return settings;
  }
}
