package dev.ops.core.registry;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends a transfer that stops moving: a registry that sends headers and then nothing, or a
 * connection that silently died, would otherwise block a read for ever, because the HTTP client's
 * timeout only covers the wait for the headers. When nothing arrived for the given time, the watch
 * runs its action (closing the body), which makes the blocked read fail; the download then resumes
 * like any broken one.
 */
final class StallWatch implements AutoCloseable {

  private static final ScheduledExecutorService CLOCK =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "ops-stall-watch");
            thread.setDaemon(true);
            return thread;
          });

  private final long limitNanos;
  private final Runnable onStall;
  private final ScheduledFuture<?> check;
  private volatile long lastProgress = System.nanoTime();
  private volatile boolean stalled;

  private StallWatch(Duration limit, Runnable onStall) {
    this.limitNanos = limit.toNanos();
    this.onStall = onStall;
    long period = Math.max(10, limit.toMillis() / 4);
    this.check = CLOCK.scheduleAtFixedRate(this::checkNow, period, period, TimeUnit.MILLISECONDS);
  }

  /** Watches from now; {@code onStall} runs once, on the watch's thread. */
  static StallWatch start(Duration limit, Runnable onStall) {
    return new StallWatch(limit, onStall);
  }

  /** Bytes arrived: the time without progress starts again. */
  void progressed() {
    lastProgress = System.nanoTime();
  }

  /** Whether the watch ended the transfer. */
  boolean stalled() {
    return stalled;
  }

  private void checkNow() {
    if (!stalled && System.nanoTime() - lastProgress > limitNanos) {
      stalled = true;
      check.cancel(false);
      onStall.run();
    }
  }

  @Override
  public void close() {
    check.cancel(false);
  }
}
