package dev.ops.events.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestartPolicyTest {

  @ParameterizedTest
  @ValueSource(strings = {"no", "always", "on-failure", "on-failure:1", "on-failure:12"})
  void shouldWriteBackEveryPolicyItReads(String text) {
    assertThat(RestartPolicy.parse(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "never", "On-Failure", "on-failure:", "on-failure:0", "always:3"})
  void shouldRefuseWhatDockerWouldNotAccept(String text) {
    assertThatThrownBy(() -> RestartPolicy.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no, on-failure, on-failure:N or always");
  }

  @Test
  void shouldKeepTheRetryLimitOfOnFailure() {
    RestartPolicy policy = RestartPolicy.parse("on-failure:5");

    assertThat(policy.mode()).isEqualTo(RestartPolicy.Mode.ON_FAILURE);
    assertThat(policy.maxRetries()).isEqualTo(5);
  }
}
