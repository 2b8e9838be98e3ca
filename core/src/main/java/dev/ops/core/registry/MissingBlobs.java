package dev.ops.core.registry;

import dev.ops.core.Progress;
import java.util.List;

/** Sends the blobs a registry lacks and counts the ones it has. */
final class MissingBlobs {

  private MissingBlobs() {}

  static TransferCount push(
      RegistryClient client, String repository, List<LocalBlob> blobs, Progress progress) {
    TransferCount count = TransferCount.NONE;
    for (LocalBlob local : blobs) {
      if (client.hasBlob(repository, local.blob().digest())) {
        progress.detail(local.label() + " is already in " + repository);
        count = count.plusSkipped();
        continue;
      }
      progress.detail(
          String.format(
              "sending %s, %s (%.1f MiB)",
              local.label(), local.blob().digest(), local.blob().size() / (1024.0 * 1024.0)));
      if (local.file() != null) {
        client.pushBlob(repository, local.file(), local.blob());
      } else {
        client.pushBlob(repository, local.content());
      }
      count = count.plusTransferred(local.blob().size());
    }
    return count;
  }
}
