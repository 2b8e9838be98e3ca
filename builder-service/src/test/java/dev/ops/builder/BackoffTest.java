package dev.ops.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleTheWaitAfterEachFailureUpToTheLimit() {
    Backoff backoff = new Backoff(6, Duration.ofSeconds(1), Duration.ofSeconds(5));

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delayAfter(60)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldRefuseFewerThanOneAttempt() {
    assertThatThrownBy(() -> new Backoff(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
