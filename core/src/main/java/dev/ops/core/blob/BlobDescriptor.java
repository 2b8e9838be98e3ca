package dev.ops.core.blob;

/** A blob's identity: its sha256 digest and its size in bytes. */
public record BlobDescriptor(String digest, long size) {}
