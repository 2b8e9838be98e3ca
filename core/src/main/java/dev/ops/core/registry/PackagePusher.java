package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes a local package as an OCI artifact to {@code packages/<name>:<version>}: the blobs the
 * registry lacks, the manifest byte for byte (so the digest is the same on both sides), then its
 * entry in the registry's package index when the registry has one.
 */
public final class PackagePusher {

  /** What a push did. */
  public record Result(PushResult pushed, boolean indexed) {}

  private final RegistryClient client;
  private final BlobStore blobs;
  private final Progress progress;

  public PackagePusher(RegistryClient client, BlobStore blobs, Progress progress) {
    this.client = client;
    this.blobs = blobs;
    this.progress = progress;
  }

  public Result push(StoredPackage stored) {
    String repository = PackageIndex.repositoryOf(stored.id().name());
    ImageReference target = ImageReference.of(client.registry(), repository, stored.id().version());
    progress.milestone("pushing package " + stored.id() + " to " + target);
    TransferCount count = MissingBlobs.push(client, repository, blobsOf(stored), progress);
    String digest =
        client.pushManifest(
            repository,
            stored.id().version(),
            blobs.read(stored.manifestDigest()),
            ImageManifest.MEDIA_TYPE);
    boolean indexed = new PackageIndex(client).register(stored.config(), digest);
    if (!indexed) {
      progress.milestone(
          "the registry has no package index, so 'ops pkg search' will not find the package;"
              + " 'ops pkg get "
              + stored.id()
              + "' will");
    }
    return new Result(new PushResult(target, digest, count), indexed);
  }

  private List<LocalBlob> blobsOf(StoredPackage stored) {
    List<LocalBlob> all = new ArrayList<>();
    all.add(local("the package's config", stored.manifest().config(), stored));
    all.add(local("the package's files", stored.manifest().layers().get(0), stored));
    return all;
  }

  private LocalBlob local(String label, ImageManifest.Descriptor descriptor, StoredPackage stored) {
    if (!blobs.contains(descriptor.digest())) {
      throw new OpsException(
          "package "
              + stored.id()
              + " is damaged: "
              + label
              + " ("
              + descriptor.digest()
              + ") is missing",
          "remove it with 'ops pkg rm " + stored.id() + "' and make or fetch it again");
    }
    return LocalBlob.ofFile(
        label,
        new BlobDescriptor(descriptor.digest(), descriptor.size()),
        blobs.path(descriptor.digest()));
  }
}
