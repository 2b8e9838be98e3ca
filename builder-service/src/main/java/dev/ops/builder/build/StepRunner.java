package dev.ops.builder.build;

import dev.ops.builder.Backoff;
import dev.ops.core.OpsException;
import dev.ops.core.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Runs the steps of builds: retries a step that failed for a transient reason, with backoff, and
 * turns any other failure into a {@link BuildFailure} that names the step and says what to do.
 */
final class StepRunner {

  private static final System.Logger LOG = System.getLogger(StepRunner.class.getName());
  private static final List<String> RACE_CODES =
      List.of(
          "DIGEST_INVALID", "BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN", "MANIFEST_BLOB_UNKNOWN");

  private final Backoff retry;
  private final BooleanSupplier stopping;
  private final BuildMetrics metrics;

  StepRunner(Backoff retry, BooleanSupplier stopping, BuildMetrics metrics) {
    this.retry = retry;
    this.stopping = stopping;
    this.metrics = metrics;
  }

  /** Runs {@code step}; returns its message for people. */
  String run(BuildStep step, BuildContext build) {
    for (int attempt = 1; ; attempt++) {
      long start = System.nanoTime();
      try {
        String message = step.run(build);
        metrics.stepTook(step.name(), System.nanoTime() - start);
        return message;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abandoned("interrupted in step " + step.name());
      } catch (Abandoned e) {
        throw e;
      } catch (Exception e) {
        BuildFailure failure = classify(step.name(), e);
        if (!failure.transientFault() || attempt >= retry.attempts()) {
          throw failure;
        }
        pause(step.name(), attempt, failure);
      }
    }
  }

  private void pause(String step, int attempt, BuildFailure failure) {
    Duration delay = retry.delayAfter(attempt);
    LOG.log(
        Level.DEBUG,
        "step {0} failed (try {1} of {2}), trying again in {3} ms: {4}",
        step,
        attempt,
        retry.attempts(),
        delay.toMillis(),
        failure.reason());
    metrics.retried(step);
    long deadline = System.nanoTime() + delay.toNanos();
    while (System.nanoTime() < deadline) {
      if (stopping.getAsBoolean()) {
        throw new Abandoned("stopping while waiting to retry step " + step);
      }
      try {
        Thread.sleep(Math.min(100, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abandoned("interrupted while waiting to retry step " + step);
      }
    }
  }

  /** What a failure means for the build, in the words the failed event carries. */
  static BuildFailure classify(String step, Exception e) {
    if (e instanceof BuildFailure failure) {
      return failure;
    }
    if (e instanceof RegistryException registry) {
      boolean again = registry.transientFault() || lostARace(registry);
      return new BuildFailure(step, withHint(registry), again, e);
    }
    if (e instanceof OpsException ops) {
      return new BuildFailure(step, withHint(ops), false, e);
    }
    if (e instanceof IOException || e instanceof UncheckedIOException) {
      return new BuildFailure(
          step,
          "the builder could not read or write its files: "
              + e.getMessage()
              + "; check the builder's disk, then publish the request again",
          false,
          e);
    }
    return new BuildFailure(
        step,
        "the builder failed unexpectedly: "
            + e
            + "; this is a bug in ops, please report it with the builder's log",
        false,
        e);
  }

  /**
   * Two builds pushing the same blob into one repository at once (the libraries of one program, a
   * build record's empty config) can make a registry refuse one of the uploads or a manifest whose
   * blob it has not finished storing. Trying the step again finds the blob there.
   */
  private static boolean lostARace(RegistryException e) {
    return RACE_CODES.stream().anyMatch(e::hasCode);
  }

  private static String withHint(OpsException e) {
    return e.hint() == null ? e.getMessage() : e.getMessage() + "; " + e.hint();
  }
}
