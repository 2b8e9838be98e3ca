package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pushes a local image: its kernel first (so the registry never holds an image whose kernel a
 * puller cannot find), then the config and layers the registry lacks, then the manifest, byte for
 * byte as stored locally so the digest is the same on both sides.
 */
public final class ImagePusher {

  private final RegistryClient client;
  private final BlobStore blobs;
  private final KernelStore kernels;
  private final Progress progress;

  public ImagePusher(
      RegistryClient client, BlobStore blobs, KernelStore kernels, Progress progress) {
    this.client = client;
    this.blobs = blobs;
    this.kernels = kernels;
    this.progress = progress;
  }

  public ImagePushResult push(StoredImage image, ImageReference target) {
    client.requireServes(target);
    if (target.digest() != null && !target.digest().equals(image.manifestDigest())) {
      throw new OpsException(
          "image "
              + image.name()
              + " has the digest "
              + image.manifestDigest()
              + ", not "
              + target.digest(),
          "push it by tag, or name its own digest");
    }
    Optional<PushResult> kernel = pushKernel(image);

    progress.milestone("pushing image " + image.name() + " to " + target);
    TransferCount count = MissingBlobs.push(client, target.repository(), blobsOf(image), progress);
    String digest =
        client.pushManifest(
            target.repository(),
            target.reference(),
            blobs.read(image.manifestDigest()),
            ImageManifest.MEDIA_TYPE);
    return new ImagePushResult(new PushResult(target, digest, count), kernel);
  }

  private Optional<PushResult> pushKernel(StoredImage image) {
    Optional<Kernel> kernel = kernels.findByDigest(image.config().kernelDigest());
    if (kernel.isEmpty()) {
      progress.milestone(
          "kernel "
              + image.config().kernelName()
              + " is not on this machine, so it is not pushed: whoever pulls the image needs it"
              + " from elsewhere");
      return Optional.empty();
    }
    return Optional.of(new KernelPusher(client, progress).push(kernel.get()));
  }

  private List<LocalBlob> blobsOf(StoredImage image) {
    List<LocalBlob> all = new ArrayList<>();
    all.add(stored("the image's config", image.manifest().config(), image));
    for (ImageManifest.Descriptor layer : image.manifest().layers()) {
      String name =
          layer.annotations() == null ? null : layer.annotations().get(ImageManifest.LAYER_NAME);
      all.add(stored("layer " + (name == null ? layer.digest() : name), layer, image));
    }
    return all;
  }

  private LocalBlob stored(String label, ImageManifest.Descriptor descriptor, StoredImage image) {
    if (!blobs.contains(descriptor.digest())) {
      throw new OpsException(
          "image "
              + image.name()
              + " is damaged: its "
              + label
              + " ("
              + descriptor.digest()
              + ") is missing from "
              + blobs.path(descriptor.digest()).getParent(),
          "remove it with 'ops image rm " + image.name() + "' and build or pull it again");
    }
    return LocalBlob.ofFile(
        label,
        new BlobDescriptor(descriptor.digest(), descriptor.size()),
        blobs.path(descriptor.digest()));
  }
}
