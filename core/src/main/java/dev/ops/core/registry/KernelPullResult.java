package dev.ops.core.registry;

import dev.ops.core.kernel.Kernel;

/**
 * A kernel pulled into the local kernel store.
 *
 * @param kernel the kernel as stored
 * @param reference where it came from, with its manifest digest
 * @param blobs what was received
 * @param alreadyLocal whether this machine had it already, so nothing but its manifest and config
 *     was fetched
 */
public record KernelPullResult(
    Kernel kernel, ImageReference reference, TransferCount blobs, boolean alreadyLocal) {}
