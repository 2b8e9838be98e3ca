package dev.ops.core.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes one download of a file at a time, across the threads of this process and across processes
 * (a runner pulling two images that share a layer, two {@code ops image pull} at once), so that two
 * downloads never write the same {@code .partial} file and none renames a file another is still
 * writing. Downloads are spread over a fixed number of stripes: one region of a lock file per
 * stripe for other processes, one lock per stripe for this one, since file locks do not exclude
 * threads of the same process.
 */
final class DownloadLock implements AutoCloseable {

  static final String FILE_NAME = ".download.lock";
  private static final int STRIPES = 64;
  private static final ReentrantLock[] LOCAL = new ReentrantLock[STRIPES];

  static {
    for (int i = 0; i < STRIPES; i++) {
      LOCAL[i] = new ReentrantLock();
    }
  }

  private final ReentrantLock local;
  private final FileChannel channel;
  private final FileLock region;

  private DownloadLock(ReentrantLock local, FileChannel channel, FileLock region) {
    this.local = local;
    this.channel = channel;
    this.region = region;
  }

  /** Waits until no one else downloads to {@code target}. */
  static DownloadLock acquire(Path target) {
    int stripe = Math.floorMod(target.toAbsolutePath().normalize().hashCode(), STRIPES);
    ReentrantLock local = LOCAL[stripe];
    local.lock();
    try {
      FileChannel channel =
          FileChannel.open(
              target.toAbsolutePath().getParent().resolve(FILE_NAME),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      return new DownloadLock(local, channel, channel.lock(stripe, 1, false));
    } catch (IOException e) {
      local.unlock();
      throw new UncheckedIOException("could not lock the download of " + target, e);
    }
  }

  @Override
  public void close() {
    try {
      region.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      local.unlock();
    }
  }
}
