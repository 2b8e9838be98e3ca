package dev.ops.core.registry;

import dev.ops.core.blob.BlobDescriptor;

/**
 * A manifest exactly as the registry holds it: its bytes (which its digest is computed over, so
 * they are never re-serialised), its media type and its verified digest.
 */
public record Manifest(byte[] bytes, String mediaType, String digest) {

  public BlobDescriptor descriptor() {
    return new BlobDescriptor(digest, bytes.length);
  }
}
