package dev.ops.kafka.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  @Test
  void shouldServeClientsWithinSecondsOfStarting() {
    long started = System.nanoTime();

    try (KafkaBroker kafka = KafkaBroker.start()) {
      Duration startup = Duration.ofNanos(System.nanoTime() - started);

      assertThat(startup).as("time to a broker that answers").isLessThan(Duration.ofSeconds(30));
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
      assertThat(RoundTrip.through(kafka, "harness-smoke", "hello"))
          .as("a record produced and consumed again")
          .isEqualTo("hello");
    }
  }

  @Test
  void shouldListenAtAndAdvertiseTheHostItIsGiven() {
    // All of 127.0.0.0/8 is local on Linux: another address that needs no set-up.
    try (KafkaBroker kafka = KafkaBroker.builder().withHost("127.0.0.2").start()) {

      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.2:" + kafka.port());
      assertThat(RoundTrip.through(kafka, "harness-host", "elsewhere"))
          .as("a record through the advertised address")
          .isEqualTo("elsewhere");
    }
  }

  @Test
  void shouldLetInOnlyClientsThatLogInWhenSaslIsAsked() {
    try (KafkaBroker kafka = KafkaBroker.builder().withSaslPlain("ops", "ops-secret").start()) {

      assertThat(kafka.clientSecurity()).containsEntry("security.protocol", "SASL_PLAINTEXT");
      assertThat(RoundTrip.through(kafka, "harness-sasl", "logged in"))
          .as("a record through a client that logs in")
          .isEqualTo("logged in");
      Map<String, Object> wrongPassword = new HashMap<>(kafka.clientSettings());
      wrongPassword.put(
          "sasl.jaas.config",
          "org.apache.kafka.common.security.plain.PlainLoginModule required"
              + " username=\"ops\" password=\"guess\";");
      assertThat(clusterAnswers(wrongPassword)).as("a wrong password").isFalse();
      assertThat(clusterAnswers(Map.of("bootstrap.servers", kafka.bootstrapServers())))
          .as("no login at all")
          .isFalse();
    }
  }

  private static boolean clusterAnswers(Map<String, Object> settings) {
    Map<String, Object> quick = new HashMap<>(settings);
    quick.put("request.timeout.ms", 2_000);
    quick.put("default.api.timeout.ms", 3_000);
    try (Admin admin = Admin.create(quick)) {
      return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldStopTheProcessAndDeleteItsDirectoryWhenClosed(@TempDir Path parent) {
    KafkaBroker kafka = KafkaBroker.builder().withParentDirectory(parent).start();
    ProcessHandle process = ProcessHandle.of(kafka.pid()).orElseThrow();
    Path directory = kafka.directory();

    kafka.close();
    kafka.close();

    assertThat(process.isAlive()).as("broker process after close").isFalse();
    assertThat(directory).as("broker directory after close").doesNotExist();
  }

  @Test
  void shouldSayWhichPortIsTakenWhenAskedForABusyPort() throws IOException {
    try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int busy = squatter.getLocalPort();

      assertThatThrownBy(() -> KafkaBroker.builder().withPort(busy).start())
          .isInstanceOf(KafkaHarnessException.class)
          .hasMessageContaining("port 127.0.0.1:" + busy + " is taken by another process")
          .hasMessageContaining("leave the port out");
    }
  }

  @Test
  void shouldKeepItsFilesAndShowTheLogWhenTheBrokerCannotStart(@TempDir Path parent) {
    assertThatThrownBy(
            () ->
                KafkaBroker.builder()
                    .withParentDirectory(parent)
                    .withProperty("node.id", "not-a-number")
                    .start())
        .isInstanceOf(KafkaHarnessException.class)
        .hasMessageContaining("not-a-number")
        .hasMessageContaining("files are kept in " + parent);

    assertThat(parent).isDirectoryContaining(path -> Files.exists(path.resolve("broker.log")));
  }
}
