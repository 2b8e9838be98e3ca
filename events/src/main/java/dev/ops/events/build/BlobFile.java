package dev.ops.events.build;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.Require;

/**
 * A regular file of the image whose bytes are a blob already pushed to the registry.
 *
 * @param path absolute path in the guest
 * @param digest the blob's digest, {@code sha256:<hex>}
 * @param size the blob's size in bytes, checked when the builder pulls it
 * @param mode permission bits as four octal digits, such as {@code 0755}
 */
public record BlobFile(
    String path, String digest, @JsonProperty(required = true) long size, String mode) {

  public BlobFile {
    Require.guestPath(path, "path");
    Require.digest(digest, "digest");
    Require.nonNegative(size, "size");
    Require.mode(mode, "mode");
  }
}
