package dev.ops.registry.manifest;

import dev.ops.registry.name.Digest;

/** A content descriptor inside a manifest: what it points at, by digest and size. */
public record Descriptor(String mediaType, Digest digest, long size) {}
