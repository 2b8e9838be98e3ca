package dev.ops.core.registry;

/**
 * What a push or a pull moved.
 *
 * @param transferred blobs sent or received
 * @param skipped blobs the other side already had
 * @param bytes bytes of the blobs transferred
 */
public record TransferCount(int transferred, int skipped, long bytes) {

  public static final TransferCount NONE = new TransferCount(0, 0, 0);

  TransferCount plusTransferred(long size) {
    return new TransferCount(transferred + 1, skipped, bytes + size);
  }

  TransferCount plusSkipped() {
    return new TransferCount(transferred, skipped + 1, bytes);
  }
}
