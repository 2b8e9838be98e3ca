package dev.ops.core.blob;

import dev.ops.core.OpsException;
import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Content-addressed files: each blob lives at {@code sha256/<hex>} and is written once. A blob is
 * written to a temporary file while its digest is computed, then renamed into place, so a reader
 * never sees a partial blob and identical content is stored a single time.
 */
public final class BlobStore {

  /** Something that writes a blob's bytes. */
  @FunctionalInterface
  public interface BlobWriter {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Path root;

  public BlobStore(Path root) {
    this.root = root;
  }

  public BlobDescriptor put(BlobWriter writer) {
    try {
      Files.createDirectories(root.resolve("sha256"));
      Path temporary = Files.createTempFile(root, ".upload-", ".part");
      try {
        MessageDigest sha256 = Digests.newSha256();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temporary), sha256)) {
          writer.writeTo(out);
        }
        String digest = Digests.format(sha256.digest());
        long size = Files.size(temporary);
        Path target = path(digest);
        if (!Files.exists(target)) {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        return new BlobDescriptor(digest, size);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not store a blob in " + root, e);
    }
  }

  public BlobDescriptor put(byte[] bytes) {
    return put(out -> out.write(bytes));
  }

  public Path path(String digest) {
    return root.resolve("sha256").resolve(Digests.hex(digest));
  }

  public boolean contains(String digest) {
    return Files.isRegularFile(path(digest));
  }

  public byte[] read(String digest) {
    Path path = path(digest);
    try {
      byte[] bytes = Files.readAllBytes(path);
      if (!Digests.of(bytes).equals(digest)) {
        throw new OpsException(
            "blob " + digest + " is corrupt: its content does not match its digest",
            "remove " + path + " and build or pull the image again");
      }
      return bytes;
    } catch (IOException e) {
      throw new OpsException(
          "blob " + digest + " is missing from " + root, "build or pull the image again", e);
    }
  }

  public void delete(String digest) {
    try {
      Files.deleteIfExists(path(digest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
