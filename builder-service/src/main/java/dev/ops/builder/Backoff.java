package dev.ops.builder;

import java.time.Duration;

/**
 * How often and how patiently a transient fault is retried: {@code attempts} tries in all, waiting
 * {@code first} after the first failure and twice as long after each further one, never more than
 * {@code max}.
 */
public record Backoff(int attempts, Duration first, Duration max) {

  /** About half a minute of patience: a registry restart fits in it, an outage does not. */
  public static final Backoff DEFAULT =
      new Backoff(5, Duration.ofSeconds(1), Duration.ofSeconds(16));

  public Backoff {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }

  /** The wait after failed try number {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration delay = first.multipliedBy(factor);
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
