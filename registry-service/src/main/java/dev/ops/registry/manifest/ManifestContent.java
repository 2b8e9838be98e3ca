package dev.ops.registry.manifest;

/** What a manifest GET sends: the stored bytes with their media type and digest. */
public record ManifestContent(String mediaType, String digest, byte[] content) {}
