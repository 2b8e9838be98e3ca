package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.pkg.PackageConfig;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches a package from {@code packages/<name>}: {@code latest} is the highest version the
 * registry has; every blob is verified; a fetch that fails removes what it added.
 */
public final class PackagePuller {

  private final RegistryClient client;
  private final PackageStore store;
  private final BlobStore blobs;
  private final Progress progress;

  public PackagePuller(RegistryClient client, PackageStore store, Progress progress) {
    this.client = client;
    this.store = store;
    this.blobs = store.blobs();
    this.progress = progress;
  }

  public StoredPackage pull(PackageName id) {
    String version = id.isLatest() ? highestVersion(id.name()) : id.version();
    String repository = PackageIndex.repositoryOf(id.name());
    progress.milestone(
        "fetching package " + id.name() + ":" + version + " from " + client.registry());
    Manifest manifest = client.pullManifest(repository, version);
    ImageManifest parsed = readPackageManifest(manifest, id.withVersion(version));

    Set<String> added = new LinkedHashSet<>();
    try {
      for (ImageManifest.Descriptor descriptor : List.of(parsed.config(), parsed.layers().get(0))) {
        fetch(repository, descriptor, added);
      }
      if (!blobs.contains(manifest.digest())) {
        added.add(blobs.put(manifest.bytes()).digest());
      }
      return store.tag(id.withVersion(version), manifest.digest());
    } catch (RuntimeException e) {
      added.forEach(blobs::delete);
      throw e;
    }
  }

  private String highestVersion(String name) {
    return new PackageIndex(client)
        .highestVersion(name)
        .orElseThrow(
            () ->
                new OpsException(
                    "the registry " + client.registry() + " has no package named " + name,
                    "see 'ops pkg search " + name + "'"));
  }

  private void fetch(String repository, ImageManifest.Descriptor descriptor, Set<String> added) {
    if (blobs.contains(descriptor.digest())) {
      return;
    }
    BlobDescriptor blob = new BlobDescriptor(descriptor.digest(), descriptor.size());
    if (client.pullBlob(repository, blob, blobs.path(blob.digest()))) {
      added.add(blob.digest());
    }
  }

  private static ImageManifest readPackageManifest(Manifest manifest, PackageName id) {
    try {
      ImageManifest parsed = Json.MAPPER.readValue(manifest.bytes(), ImageManifest.class);
      if (!PackageConfig.ARTIFACT_TYPE.equals(parsed.artifactType())
          || parsed.layers() == null
          || parsed.layers().size() != 1
          || !PackageConfig.MEDIA_TYPE.equals(parsed.config().mediaType())) {
        throw new IOException(
            "it is not an ops package (artifact type " + parsed.artifactType() + ")");
      }
      return parsed;
    } catch (IOException e) {
      throw new OpsException(
          "cannot use " + id + " from the registry: " + e.getMessage(),
          "push the package again with 'ops pkg push'");
    }
  }
}
