package dev.ops.core.registry;

/**
 * One artifact pushed.
 *
 * @param reference where it is now
 * @param digest its manifest digest
 * @param blobs the blobs sent and the ones the registry already had
 */
public record PushResult(ImageReference reference, String digest, TransferCount blobs) {}
