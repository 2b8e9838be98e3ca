package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

  @Test
  void shouldAddIdempotenceAndAcksAll() {
    Map<String, Object> settings =
        ProducerSettings.reliable(Map.of("bootstrap.servers", "kafka:9092"));

    assertThat(settings)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true");
  }

  @Test
  void shouldRefuseSettingsThatWeakenDelivery() {
    assertThatThrownBy(() -> ProducerSettings.reliable(Map.of("acks", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acks=all");
  }

  @Test
  void shouldAcceptTheSameSettingsGivenExplicitly() {
    assertThat(ProducerSettings.reliable(Map.of("enable.idempotence", true)))
        .containsEntry("enable.idempotence", true);
  }
}
