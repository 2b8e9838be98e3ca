package dev.ops.runner.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.RestartPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartRulesTest {

  @Test
  void onFailureRestartsNonZeroExitsAndFailuresUpToItsLimit() {
    RestartPolicy twice = RestartPolicy.onFailure(2);

    assertThat(RestartRules.wants(twice, InstancePhase.EXITED, 1, false, 0)).isTrue();
    assertThat(RestartRules.wants(twice, InstancePhase.FAILED, null, false, 1)).isTrue();
    assertThat(RestartRules.wants(twice, InstancePhase.EXITED, 1, false, 2)).isFalse();
    assertThat(RestartRules.wants(twice, InstancePhase.EXITED, 0, false, 0)).isFalse();
  }

  @Test
  void alwaysRestartsEvenSuccessButNeverAfterAStopRequest() {
    assertThat(RestartRules.wants(RestartPolicy.ALWAYS, InstancePhase.EXITED, 0, false, 9))
        .isTrue();
    assertThat(RestartRules.wants(RestartPolicy.ALWAYS, InstancePhase.EXITED, 0, true, 0))
        .isFalse();
    assertThat(RestartRules.wants(RestartPolicy.NO, InstancePhase.FAILED, null, false, 0))
        .isFalse();
  }

  @Test
  void backoffDoublesUpToItsLimit() {
    Duration first = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(5);

    assertThat(RestartRules.backoff(0, first, max)).hasSeconds(1);
    assertThat(RestartRules.backoff(2, first, max)).hasSeconds(4);
    assertThat(RestartRules.backoff(10, first, max)).hasSeconds(5);
  }
}
