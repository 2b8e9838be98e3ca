package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {

  @TempDir Path home;

  private Path config(String json) throws IOException {
    return Files.writeString(home.resolve("config.json"), json);
  }

  @Test
  void shouldTakeTheBrokersFromTheEnvironmentFirst() throws IOException {
    Path file = config("{\"kafka\": {\"bootstrapServers\": \"file:9092\"}}");

    assertThat(KafkaSettings.load(Map.of("OPS_KAFKA", "env:9092"), file).bootstrapServers())
        .isEqualTo("env:9092");
  }

  @Test
  void shouldReadTheBrokersNextToTheRegistrysSettings() throws IOException {
    Path file =
        config(
            "{\"registry\": {\"url\": \"http://localhost:5050\"},"
                + " \"kafka\": {\"bootstrapServers\": \"kafka-1:9092,kafka-2:9092\"}}");

    assertThat(KafkaSettings.load(Map.of(), file).bootstrapServers())
        .isEqualTo("kafka-1:9092,kafka-2:9092");
  }

  @Test
  void shouldSayHowToConfigureKafkaWhenNothingIsSet() {
    assertThatThrownBy(() -> KafkaSettings.load(Map.of(), home.resolve("config.json")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("needs Kafka")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("OPS_KAFKA"));
  }
}
