package dev.ops.core.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

  private static final byte[] CONTENT = "layer bytes".getBytes(StandardCharsets.UTF_8);

  @TempDir Path root;
  private BlobStore blobs;

  @BeforeEach
  void createStore() {
    blobs = new BlobStore(root);
  }

  private long filesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void describesABlobByItsDigestAndSize() {
    BlobDescriptor blob = blobs.put(CONTENT);

    assertThat(blob.digest()).isEqualTo(Digests.of(CONTENT));
    assertThat(blob.size()).isEqualTo(CONTENT.length);
    assertThat(blobs.path(blob.digest()))
        .isEqualTo(root.resolve("sha256").resolve(Digests.hex(blob.digest())));
  }

  @Test
  void storesTheSameContentOnce() throws IOException {
    BlobDescriptor first = blobs.put(CONTENT);
    BlobDescriptor second = blobs.put(out -> out.write(CONTENT.clone()));

    assertThat(second).isEqualTo(first);
    assertThat(filesUnder(root)).as("one blob, no temporary files").isEqualTo(1);
  }

  @Test
  void storesWhatAWriterStreams() {
    BlobDescriptor blob =
        blobs.put(
            out -> {
              out.write("layer ".getBytes(StandardCharsets.UTF_8));
              out.write("bytes".getBytes(StandardCharsets.UTF_8));
            });

    assertThat(blob.digest()).isEqualTo(Digests.of(CONTENT));
    assertThat(blobs.read(blob.digest())).isEqualTo(CONTENT);
  }

  @Test
  void readsBackWhatWasPut() {
    String digest = blobs.put(CONTENT).digest();

    assertThat(blobs.contains(digest)).isTrue();
    assertThat(blobs.read(digest)).isEqualTo(CONTENT);
  }

  @Test
  void reportsABlobAlteredOnDisk() throws IOException {
    String digest = blobs.put(CONTENT).digest();
    Files.writeString(blobs.path(digest), "tampered");

    assertThatThrownBy(() -> blobs.read(digest))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(digest)
        .hasMessageContaining("corrupt")
        .satisfies(
            e -> assertThat(((OpsException) e).hint()).contains(blobs.path(digest).toString()));
  }

  @Test
  void reportsAMissingBlob() {
    String digest = Digests.of(CONTENT);

    assertThat(blobs.contains(digest)).isFalse();
    assertThatThrownBy(() -> blobs.read(digest))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void deletesABlob() {
    String digest = blobs.put(CONTENT).digest();

    blobs.delete(digest);

    assertThat(blobs.contains(digest)).isFalse();
    assertThatCode(() -> blobs.delete(digest)).as("deleting twice").doesNotThrowAnyException();
  }

  @Test
  void leavesNothingBehindWhenTheWriterFails() throws IOException {
    assertThatThrownBy(
            () ->
                blobs.put(
                    out -> {
                      out.write(CONTENT);
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(filesUnder(root)).isZero();
  }

  @Test
  void refusesAPathForAMalformedDigest() {
    assertThatThrownBy(() -> blobs.path("sha256:../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
