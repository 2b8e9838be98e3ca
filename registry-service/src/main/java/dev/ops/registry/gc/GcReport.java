package dev.ops.registry.gc;

/**
 * What one garbage collection removed.
 *
 * @param uploadsExpired abandoned upload sessions removed with their bytes
 * @param linksRemoved repository links to blobs no manifest of that repository references
 * @param blobsRemoved blobs no repository links any more, deleted from disk
 * @param bytesFreed size of those blobs
 * @param strayFilesRemoved files on disk with no database record (left by a crash)
 * @param repositoriesRemoved repositories left with nothing in them
 * @param millis how long the collection took
 */
public record GcReport(
    int uploadsExpired,
    int linksRemoved,
    int blobsRemoved,
    long bytesFreed,
    int strayFilesRemoved,
    int repositoriesRemoved,
    long millis) {}
