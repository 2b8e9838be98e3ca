package dev.ops.builder.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobCacheTest {

  @TempDir Path root;

  private static BlobCache.Download writing(String content, AtomicInteger downloads) {
    return target -> {
      downloads.incrementAndGet();
      try {
        Files.writeString(target, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static String digestOf(String content) {
    return Digests.of(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldDownloadABlobOnceForAllBuilds() throws IOException {
    BlobCache cache = new BlobCache(root);
    AtomicInteger downloads = new AtomicInteger();
    String digest = digestOf("libc");

    boolean first = cache.take(digest, 4, writing("libc", downloads));
    boolean second = cache.take(digest, 4, writing("libc", downloads));

    assertThat(first).isFalse();
    assertThat(second).isTrue();
    assertThat(downloads).hasValue(1);
    assertThat(cache.path(digest)).hasContent("libc");
  }

  @Test
  void shouldTrimTheLeastRecentlyUsedBlobsThatNoBuildHolds() throws IOException {
    BlobCache cache = new BlobCache(root);
    AtomicInteger downloads = new AtomicInteger();
    String old = digestOf("old!");
    String held = digestOf("held");
    String recent = digestOf("new!");
    cache.take(old, 4, writing("old!", downloads));
    cache.take(held, 4, writing("held", downloads));
    cache.take(recent, 4, writing("new!", downloads));
    Files.setLastModifiedTime(cache.path(held), FileTime.fromMillis(1_000));
    Files.setLastModifiedTime(cache.path(old), FileTime.fromMillis(2_000));
    cache.release(List.of(old, recent));

    cache.trim(4);

    assertThat(cache.path(held)).as("held by a build").exists();
    assertThat(cache.path(old)).doesNotExist();
    assertThat(cache.path(recent)).doesNotExist();
  }
}
