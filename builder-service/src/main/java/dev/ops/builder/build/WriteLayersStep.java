package dev.ops.builder.build;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.LayerEntry;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.events.build.BlobFile;
import dev.ops.events.build.BuildRequested;

/**
 * Builds the image with the core, exactly as {@code ops build} does on a user's machine, from a
 * plan whose files are the cached blobs; the layers go to the build's scratch store.
 */
final class WriteLayersStep implements BuildStep {

  private static final double MIB = 1 << 20;

  private final KernelCatalogue kernels;
  private final Progress progress;

  WriteLayersStep(KernelCatalogue kernels, Progress progress) {
    this.kernels = kernels;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "write-layers";
  }

  @Override
  public String run(BuildContext build) {
    BlobStore blobs = new BlobStore(build.scratch.resolve("blobs"));
    ImageStore store = new ImageStore(build.scratch.resolve("images"), blobs);
    ImageBuilder builder = new ImageBuilder(store, kernels, progress);
    build.built = builder.build(planOf(build), build.localName());
    return String.format(
        "%d layers, %.1f MiB",
        build.built.manifest().layers().size(), build.built.manifest().totalLayerSize() / MIB);
  }

  static BuildPlan planOf(BuildContext build) {
    BuildRequested request = build.request;
    return BuildPlan.fromFiles(
        fileOf(request.program(), build),
        request.args(),
        request.env(),
        request.libraries().stream().map(file -> fileOf(file, build)).toList(),
        request.files().stream().map(file -> fileOf(file, build)).toList(),
        request.symlinks().stream()
            .map(link -> new LayerEntry.Symlink(link.path(), link.target()))
            .toList(),
        request.nameServers(),
        build.kernel.name());
  }

  private static LayerEntry.HostFile fileOf(BlobFile file, BuildContext build) {
    return new LayerEntry.HostFile(
        file.path(), Integer.parseInt(file.mode(), 8), build.blobs.get(file.digest()));
  }
}
