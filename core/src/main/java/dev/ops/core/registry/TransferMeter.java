package dev.ops.core.registry;

import dev.ops.core.Progress;

/**
 * Progress of one blob transfer. Large blobs get a line every few seconds and one at the end with
 * the throughput; small ones only a detail line, so a push of many small layers stays quiet.
 */
final class TransferMeter {

  static final long LARGE_BLOB_BYTES = 16L << 20;
  private static final long REPORT_EVERY_NANOS = 2_000_000_000L;
  private static final double MIB = 1024.0 * 1024.0;

  private final Progress progress;
  private final String verb;
  private final String label;
  private final long size;
  private final long started = System.nanoTime();
  private long lastReport = started;

  private TransferMeter(Progress progress, String verb, String digest, long size) {
    this.progress = progress;
    this.verb = verb;
    this.label = digest.substring(0, Math.min(digest.length(), "sha256:".length() + 12));
    this.size = size;
  }

  /**
   * @param verb "sent" or "received"
   */
  static TransferMeter start(Progress progress, String verb, String digest, long size) {
    return new TransferMeter(progress, verb, digest, size);
  }

  /** Called from the HTTP client's threads as bytes go by. */
  synchronized void at(long position) {
    long now = System.nanoTime();
    if (size < LARGE_BLOB_BYTES || now - lastReport < REPORT_EVERY_NANOS) {
      return;
    }
    lastReport = now;
    progress.milestone(
        String.format(
            "%s: %.1f of %.1f MiB %s (%d%%)",
            label, position / MIB, size / MIB, verb, size == 0 ? 100 : position * 100 / size));
  }

  void finished() {
    double seconds = Math.max(System.nanoTime() - started, 1) / 1e9;
    String line =
        String.format(
            "%s: %.1f MiB %s in %.1f s (%.1f MiB/s)",
            label, size / MIB, verb, seconds, size / MIB / seconds);
    if (size >= LARGE_BLOB_BYTES) {
      progress.milestone(line);
    } else {
      progress.detail(line);
    }
  }
}
