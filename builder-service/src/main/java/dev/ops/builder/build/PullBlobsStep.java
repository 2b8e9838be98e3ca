package dev.ops.builder.build;

import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.RegistryException;
import dev.ops.events.build.BlobFile;
import dev.ops.events.build.BuildRequested;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Downloads the program, libraries and files of the request into the blob cache, from the image's
 * own repository, where the requester uploaded them. Blobs already cached are not fetched again.
 */
final class PullBlobsStep implements BuildStep {

  private static final int NOT_FOUND = 404;
  private static final double MIB = 1 << 20;

  private final RegistryClient client;
  private final BlobCache cache;

  PullBlobsStep(RegistryClient client, BlobCache cache) {
    this.client = client;
    this.cache = cache;
  }

  @Override
  public String name() {
    return "pull-blobs";
  }

  @Override
  public String run(BuildContext build) throws IOException {
    int cached = 0;
    long bytes = 0;
    for (BlobFile file : filesOf(build.request)) {
      if (build.blobs.containsKey(file.digest())) {
        continue;
      }
      if (take(build, file)) {
        cached++;
      } else {
        bytes += file.size();
      }
      build.blobs.put(file.digest(), cache.path(file.digest()));
    }
    return String.format(
        "%d blobs, %.1f MiB downloaded, %d from the cache",
        build.blobs.size(), bytes / MIB, cached);
  }

  private boolean take(BuildContext build, BlobFile file) throws IOException {
    String repository = build.image.repository();
    BlobDescriptor blob = new BlobDescriptor(file.digest(), file.size());
    try {
      return cache.take(
          file.digest(), file.size(), target -> client.pullBlob(repository, blob, target));
    } catch (RegistryException e) {
      if (e.status() == NOT_FOUND) {
        throw BuildFailure.of(name(), missing(file, build));
      }
      throw e;
    } finally {
      build.taken.add(file.digest());
    }
  }

  private static String missing(BlobFile file, BuildContext build) {
    return "blob "
        + file.digest()
        + " ("
        + file.path()
        + ") is not in the registry's repository "
        + build.image.repository()
        + "; push it again with 'ops build --fleet'";
  }

  static List<BlobFile> filesOf(BuildRequested request) {
    List<BlobFile> all = new ArrayList<>();
    if (request.program() != null) {
      all.add(request.program());
    }
    all.addAll(request.libraries());
    all.addAll(request.files());
    return all;
  }
}
