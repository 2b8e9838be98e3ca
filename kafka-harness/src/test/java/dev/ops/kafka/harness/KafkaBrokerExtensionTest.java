package dev.ops.kafka.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionTest {

  private final KafkaBroker constructorBroker;

  KafkaBrokerExtensionTest(KafkaBroker kafka) {
    this.constructorBroker = kafka;
  }

  @Test
  void shouldGiveEveryTestOfTheRunTheSameRunningBroker(KafkaBroker kafka) {
    assertThat(kafka).as("broker of the constructor and of the method").isSameAs(constructorBroker);
    assertThat(kafka.isRunning()).isTrue();
  }

  @Test
  void shouldGiveABrokerThatCarriesRecords(KafkaBroker kafka) {
    assertThat(RoundTrip.through(kafka, "extension-smoke", "carried")).isEqualTo("carried");
  }
}
