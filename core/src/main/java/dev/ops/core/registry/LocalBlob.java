package dev.ops.core.registry;

import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.util.Digests;
import java.nio.file.Path;

/**
 * A blob to push: a file, or a few bytes (a config) held in memory.
 *
 * @param label what it is, for progress: "layer libraries", "vmlinux"
 * @param file the file, or {@code null} for bytes
 * @param content the bytes, or {@code null} for a file
 */
record LocalBlob(String label, BlobDescriptor blob, Path file, byte[] content) {

  static LocalBlob ofFile(String label, BlobDescriptor blob, Path file) {
    return new LocalBlob(label, blob, file, null);
  }

  static LocalBlob ofBytes(String label, byte[] content) {
    return new LocalBlob(
        label, new BlobDescriptor(Digests.of(content), content.length), null, content);
  }
}
