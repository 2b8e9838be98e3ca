package dev.ops.builder.build;

import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.pkg.PackageStore;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildSucceeded;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One build as it moves through its steps: the request, and what each step found or made for the
 * next. Used by one thread at a time.
 */
final class BuildContext {

  final BuildRequested request;
  final ImageReference image;
  final Path scratch;
  final long startNanos;

  /** The kernel the image is built for, in this builder's kernel store. */
  Kernel kernel;

  /** The package the image is built on, in the scratch store; {@code null} without one. */
  PackageStore.StoredPackage basePackage;

  /** Each requested blob's file in the cache, by digest. */
  final Map<String, Path> blobs = new HashMap<>();

  /** Blobs this build holds in the cache, released when it ends (a digest once per take). */
  final List<String> taken = new ArrayList<>();

  /** The image as written to this build's scratch store. */
  ImageStore.StoredImage built;

  /** What the registry now holds. */
  String manifestDigest;

  long manifestSize;

  /** Manifest, config and layers in bytes, as the succeeded event counts them. */
  long pushedSize;

  /** The outcome, once the image is in the registry. */
  BuildSucceeded result;

  BuildContext(BuildRequested request, ImageReference image, Path scratch) {
    this.request = request;
    this.image = image;
    this.scratch = scratch;
    this.startNanos = System.nanoTime();
  }

  long elapsedMillis() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  BuildSucceeded succeeded() {
    return new BuildSucceeded(
        request.buildId(), image.toString(), manifestDigest, pushedSize, elapsedMillis());
  }

  /** The image's name in the scratch store, which is also the guest's host name. */
  String localName() {
    return image.lastComponent();
  }
}
