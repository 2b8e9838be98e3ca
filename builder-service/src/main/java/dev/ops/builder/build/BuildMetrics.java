package dev.ops.builder.build;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The builder's Prometheus figures: builds by outcome and their durations, failures by step,
 * retries, dead letters and builds in progress. Names follow Micrometer's convention and become
 * {@code ops_builder_builds_total}, {@code ops_builder_build_duration_seconds}... in Prometheus.
 */
public final class BuildMetrics {

  /** A new image was pushed. */
  public static final String BUILT = "built";

  /** The request was answered from an earlier build of the same id, without building. */
  public static final String REUSED = "reused";

  public static final String FAILED = "failed";

  private final MeterRegistry registry;
  private final AtomicInteger inProgress = new AtomicInteger();

  public BuildMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("ops.builder.builds.in.progress", inProgress);
  }

  void started() {
    inProgress.incrementAndGet();
  }

  void ended(String outcome, long nanos) {
    inProgress.decrementAndGet();
    Counter.builder("ops.builder.builds")
        .description("build requests handled, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("ops.builder.build.duration")
        .description("from taking a request to publishing its outcome")
        .tag("outcome", outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void failed(String step) {
    Counter.builder("ops.builder.failures")
        .description("failed builds, by the step that failed")
        .tag("step", step)
        .register(registry)
        .increment();
  }

  void stepTook(String step, long nanos) {
    Timer.builder("ops.builder.step.duration")
        .tag("step", step)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void retried(String step) {
    Counter.builder("ops.builder.retries")
        .description("transient faults retried, by step")
        .tag("step", step)
        .register(registry)
        .increment();
  }

  void deadLettered(String reason) {
    Counter.builder("ops.builder.dead.letters")
        .description("records sent to the dead-letter topic, by reason")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** Builds this instance has built (not reused), for tests and benchmarks. */
  public double built() {
    Counter counter = registry.find("ops.builder.builds").tag("outcome", BUILT).counter();
    return counter == null ? 0 : counter.count();
  }
}
