package dev.ops.builder.build;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.LayerEntry;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.pkg.PackageStore;
import dev.ops.events.build.BlobFile;
import dev.ops.events.build.BuildRequested;
import java.util.List;

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
    if (build.basePackage != null) {
      return planOnPackage(build);
    }
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

  /**
   * The package's layer as it is, the user's files above it; arguments and environment came merged
   * with the package's defaults, as {@code ops build --package} merges them.
   */
  private static BuildPlan planOnPackage(BuildContext build) {
    BuildRequested request = build.request;
    PackageStore.StoredPackage base = build.basePackage;
    return new BuildPlan(
        base.config().program(),
        null,
        request.args(),
        request.env(),
        List.of(),
        request.files().stream().map(file -> (LayerEntry) fileOf(file, build)).toList(),
        request.symlinks().stream()
            .map(link -> new LayerEntry.Symlink(link.path(), link.target()))
            .toList(),
        request.nameServers(),
        build.kernel.name(),
        new BuildPlan.PackageLayer(base.config().name(), base.config().version(), base.layer()));
  }

  private static LayerEntry.HostFile fileOf(BlobFile file, BuildContext build) {
    return new LayerEntry.HostFile(
        file.path(), Integer.parseInt(file.mode(), 8), build.blobs.get(file.digest()));
  }
}
