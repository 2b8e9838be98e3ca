package dev.ops.builder.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.builder.Backoff;
import dev.ops.core.OpsException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StepRunnerTest {

  private final BuildMetrics metrics = new BuildMetrics(new SimpleMeterRegistry());
  private final StepRunner runner =
      new StepRunner(
          new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(2)), () -> false, metrics);

  private static BuildStep step(String name, StepBody body) {
    return new BuildStep() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String run(BuildContext build) throws Exception {
        return body.run();
      }
    };
  }

  private interface StepBody {
    String run() throws Exception;
  }

  @Test
  void shouldRetryATransientFailureUntilTheStepSucceeds() {
    AtomicInteger tries = new AtomicInteger();
    BuildStep flaky =
        step(
            "push-image",
            () -> {
              if (tries.incrementAndGet() < 3) {
                throw new BuildFailure("push-image", "registry down", true, null);
              }
              return "pushed";
            });

    assertThat(runner.run(flaky, null)).isEqualTo("pushed");
    assertThat(tries).hasValue(3);
  }

  @Test
  void shouldGiveUpAfterTheLastAttemptNamingTheStep() {
    BuildStep down =
        step(
            "pull-blobs",
            () -> {
              throw new BuildFailure("pull-blobs", "registry down", true, null);
            });

    assertThatThrownBy(() -> runner.run(down, null))
        .isInstanceOfSatisfying(
            BuildFailure.class, failure -> assertThat(failure.step()).isEqualTo("pull-blobs"));
  }

  @Test
  void shouldNotRetryAFailureThatWouldHappenAgain() {
    AtomicInteger tries = new AtomicInteger();
    BuildStep refused =
        step(
            "write-layers",
            () -> {
              tries.incrementAndGet();
              throw new OpsException("two files want /etc/x", "rename one");
            });

    assertThatThrownBy(() -> runner.run(refused, null))
        .isInstanceOfSatisfying(
            BuildFailure.class,
            failure -> {
              assertThat(failure.step()).isEqualTo("write-layers");
              assertThat(failure.reason()).isEqualTo("two files want /etc/x; rename one");
            });
    assertThat(tries).hasValue(1);
  }

  @Test
  void shouldSayWhatToDoWhenTheBuildersDiskFails() {
    BuildFailure failure = StepRunner.classify("write-layers", new IOException("No space left"));

    assertThat(failure.reason()).contains("No space left", "check the builder's disk");
    assertThat(failure.transientFault()).isFalse();
  }

  @Test
  void shouldAbandonTheBuildWhenStoppingWhileWaitingToRetry() {
    StepRunner stopping =
        new StepRunner(
            new Backoff(3, Duration.ofSeconds(10), Duration.ofSeconds(10)), () -> true, metrics);
    BuildStep down =
        step(
            "find-build",
            () -> {
              throw new BuildFailure("find-build", "registry down", true, null);
            });

    assertThatThrownBy(() -> stopping.run(down, null)).isInstanceOf(Abandoned.class);
  }
}
