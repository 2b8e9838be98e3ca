package dev.ops.builder.build;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.kernel.KernelStore;
import dev.ops.core.registry.ImagePushResult;
import dev.ops.core.registry.ImagePusher;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.TransferCount;

/**
 * Pushes the image (and its kernel, so runners find it) to the registry under the requested tag,
 * sending only the blobs the registry lacks: libraries and kernel modules shared with earlier
 * images are sent once.
 */
final class PushImageStep implements BuildStep {

  private static final double MIB = 1 << 20;

  private final RegistryClient client;
  private final KernelStore kernels;
  private final Progress progress;

  PushImageStep(RegistryClient client, KernelStore kernels, Progress progress) {
    this.client = client;
    this.kernels = kernels;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "push-image";
  }

  @Override
  public String run(BuildContext build) {
    BlobStore blobs = new BlobStore(build.scratch.resolve("blobs"));
    ImagePushResult pushed =
        new ImagePusher(client, blobs, kernels, progress).push(build.built, build.image);
    build.manifestDigest = pushed.image().digest();
    build.manifestSize = blobs.read(build.built.manifestDigest()).length;
    build.pushedSize = build.manifestSize + sizeOf(build.built.manifest());
    TransferCount sent = pushed.image().blobs();
    return String.format(
        "%s: %d blobs sent (%.1f MiB), %d already there",
        build.image, sent.transferred(), sent.bytes() / MIB, sent.skipped());
  }

  private static long sizeOf(ImageManifest manifest) {
    return manifest.config().size() + manifest.totalLayerSize();
  }
}
