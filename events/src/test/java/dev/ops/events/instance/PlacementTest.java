package dev.ops.events.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementTest {

  private static final Map<String, String> EU_SSD = Map.of("zone", "eu-1", "disk", "ssd");

  @Test
  void shouldAdmitARunnerCarryingEveryLabelAsked() {
    Placement placement = new Placement(null, Map.of("zone", "eu-1"));

    assertThat(placement.admits("kvm-1", EU_SSD)).isTrue();
    assertThat(placement.admits("kvm-2", Map.of("zone", "us-1"))).isFalse();
    assertThat(placement.admits("kvm-3", Map.of())).isFalse();
  }

  @Test
  void shouldAdmitOnlyTheNamedRunnerWhenOneIsNamed() {
    Placement placement = new Placement("kvm-1", Map.of());

    assertThat(placement.admits("kvm-1", Map.of())).isTrue();
    assertThat(placement.admits("kvm-2", EU_SSD)).isFalse();
  }
}
