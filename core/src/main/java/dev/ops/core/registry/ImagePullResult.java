package dev.ops.core.registry;

import java.util.Optional;

/**
 * An image pulled into the local image store.
 *
 * @param name its local name
 * @param reference where it came from, with its manifest digest
 * @param digest its manifest digest
 * @param blobs the blobs received and the ones this machine already had
 * @param kernel the kernel pulled for it, empty when this machine had it already
 */
public record ImagePullResult(
    String name,
    ImageReference reference,
    String digest,
    TransferCount blobs,
    Optional<KernelPullResult> kernel) {}
