package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageConfig;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.KernelStore;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pulls an image into the local stores: the blobs this machine lacks, each verified, then the
 * kernel the image was built for when this machine lacks it, and only then the local name. A pull
 * that fails removes the blobs it added, so the store holds whole images or nothing new.
 */
public final class ImagePuller {

  private final RegistryClient client;
  private final ImageStore images;
  private final BlobStore blobs;
  private final KernelStore kernels;
  private final Progress progress;

  public ImagePuller(
      RegistryClient client, ImageStore images, KernelStore kernels, Progress progress) {
    this.client = client;
    this.images = images;
    this.blobs = images.blobs();
    this.kernels = kernels;
    this.progress = progress;
  }

  /**
   * How many bytes of the image's layers and configuration this machine lacks, so a caller can say
   * what a pull will cost before it starts (the kernel, when missing, comes on top).
   */
  public long bytesMissing(ImageReference source) {
    client.requireServes(source);
    Manifest manifest = client.pullManifest(source.repository(), source.reference());
    return descriptorsOf(ImageManifests.readImage(manifest, source)).stream()
        .filter(descriptor -> !blobs.contains(descriptor.digest()))
        .mapToLong(ImageManifest.Descriptor::size)
        .sum();
  }

  public ImagePullResult pull(ImageReference source, String localName) {
    client.requireServes(source);
    ImageStore.requireValidName(localName);
    progress.milestone("pulling " + source);
    Manifest manifest = client.pullManifest(source.repository(), source.reference());
    ImageManifest image = ImageManifests.readImage(manifest, source);

    Set<String> added = new LinkedHashSet<>();
    try {
      TransferCount count = fetchMissing(source.repository(), descriptorsOf(image), added);
      ImageConfig config = readConfig(image, source);
      Optional<KernelPullResult> kernel = ensureKernel(config);
      if (!blobs.contains(manifest.digest())) {
        added.add(blobs.put(manifest.bytes()).digest());
      }
      images.tag(localName, manifest.digest());
      return new ImagePullResult(
          localName, source.withDigest(manifest.digest()), manifest.digest(), count, kernel);
    } catch (RuntimeException e) {
      added.forEach(blobs::delete);
      throw e;
    }
  }

  private TransferCount fetchMissing(
      String repository, List<ImageManifest.Descriptor> descriptors, Set<String> added) {
    TransferCount count = TransferCount.NONE;
    for (ImageManifest.Descriptor descriptor : descriptors) {
      if (blobs.contains(descriptor.digest())) {
        count = count.plusSkipped();
        continue;
      }
      BlobDescriptor blob = new BlobDescriptor(descriptor.digest(), descriptor.size());
      if (!client.pullBlob(repository, blob, blobs.path(blob.digest()))) {
        count = count.plusSkipped();
        continue;
      }
      added.add(blob.digest());
      count = count.plusTransferred(blob.size());
    }
    return count;
  }

  private Optional<KernelPullResult> ensureKernel(ImageConfig config) {
    if (kernels.findByDigest(config.kernelDigest()).isPresent()) {
      return Optional.empty();
    }
    progress.milestone(
        "kernel " + config.kernelName() + " is not on this machine; pulling it as well");
    return Optional.of(
        new KernelPuller(client, kernels, progress)
            .pullNamed(config.kernelName(), config.kernelDigest()));
  }

  private ImageConfig readConfig(ImageManifest image, ImageReference source) {
    try {
      return Json.MAPPER.readValue(blobs.read(image.config().digest()), ImageConfig.class);
    } catch (IOException e) {
      throw new OpsException(
          source
              + " is not an image this version of ops can run: its config does not read ("
              + e.getMessage()
              + ")",
          "pull it with a newer ops, or build the image again");
    }
  }

  private static List<ImageManifest.Descriptor> descriptorsOf(ImageManifest image) {
    List<ImageManifest.Descriptor> all = new ArrayList<>();
    all.add(image.config());
    all.addAll(image.layers());
    return all;
  }
}
