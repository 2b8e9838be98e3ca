package dev.ops.kafka.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrphanedBrokerTest {

  @Test
  void shouldStopTheBrokerWhenItsOwnerIsKilled(@TempDir Path parent) throws IOException {
    Process owner = startOwner(parent);
    try {
      long brokerPid = readBrokerPid(owner);
      ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();

      // SIGKILL: no shutdown hook runs, only the closed pipe tells the broker.
      owner.destroyForcibly();

      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(broker.isAlive()).as("orphaned broker").isFalse());
    } finally {
      owner.destroyForcibly();
    }
  }

  private static Process startOwner(Path parent) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        List.of(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            BrokerOwnerMain.class.getName(),
            parent.toString());
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static long readBrokerPid(Process owner) throws IOException {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.startsWith("broker-pid ")) {
        return Long.parseLong(line.substring("broker-pid ".length()));
      }
    }
    throw new AssertionError("the owner JVM ended without starting a broker");
  }
}
