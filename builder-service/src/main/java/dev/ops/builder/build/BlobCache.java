package dev.ops.builder.build;

import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The blobs of build requests on this builder's disk, by digest, shared by its builds: a library
 * that every request carries is downloaded once. Files appear whole (the registry client renames a
 * verified download into place), are never changed, and the least recently used go when the cache
 * outgrows its limit, except those a build is using.
 */
final class BlobCache {

  private static final System.Logger LOG = System.getLogger(BlobCache.class.getName());
  private static final int LOCK_STRIPES = 64;

  /** Fetches a blob into a file; the file must appear only once its content is verified. */
  @FunctionalInterface
  interface Download {
    void to(Path target);
  }

  private final Path root;
  private final Object[] locks = new Object[LOCK_STRIPES];
  private final Map<String, Integer> inUse = new ConcurrentHashMap<>();

  BlobCache(Path root) {
    this.root = root;
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  Path path(String digest) {
    return root.resolve("sha256").resolve(Digests.hex(digest));
  }

  /**
   * The blob's file, downloaded unless already here, held for the caller until {@link #release}.
   *
   * @return whether it was already here
   */
  boolean take(String digest, long size, Download download) throws IOException {
    inUse.merge(digest, 1, Integer::sum);
    Path file = path(digest);
    // Two builds wanting the same blob download it once; the second waits for the first.
    synchronized (locks[Math.floorMod(digest.hashCode(), LOCK_STRIPES)]) {
      if (Files.isRegularFile(file) && Files.size(file) == size) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        return true;
      }
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      download.to(file);
      return false;
    }
  }

  void release(Collection<String> digests) {
    digests.forEach(digest -> inUse.computeIfPresent(digest, (d, n) -> n > 1 ? n - 1 : null));
  }

  /**
   * Deletes the least recently used blobs no build holds, until the cache fits {@code maxBytes}.
   */
  void trim(long maxBytes) {
    List<Path> files = files();
    long total = files.stream().mapToLong(BlobCache::sizeOf).sum();
    for (Path file : files) {
      if (total <= maxBytes) {
        return;
      }
      if (!inUse.containsKey(Digests.SHA256_PREFIX + file.getFileName())) {
        total -= sizeOf(file);
        deleteQuietly(file);
      }
    }
  }

  private List<Path> files() {
    Path directory = root.resolve("sha256");
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(file -> Digests.isValid(Digests.SHA256_PREFIX + file.getFileName()))
          .sorted(Comparator.comparing(BlobCache::modified))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not trim {0}: {1}", file, e.getMessage());
    }
  }
}
