package dev.ops.cli;

import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.launch.Launcher;
import dev.ops.core.pkg.PackageImagePlanner;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.registry.RegistrySettings;

/** The local stores and services of one ops home, as the commands use them. */
final class Workspace {

  final OpsHome home;
  final Progress progress;
  final BlobStore blobs;
  final ImageStore images;
  final KernelCatalogue kernels;
  final InstanceStore instances;
  final PackageStore packages;

  Workspace(OpsHome home, Progress progress) {
    this.home = home;
    this.progress = progress;
    this.blobs = new BlobStore(home.blobs());
    this.images = new ImageStore(home.images(), blobs);
    this.kernels = new KernelCatalogue(home, progress);
    this.instances = new InstanceStore(home.instances());
    this.packages = new PackageStore(home.packages(), blobs);
  }

  static Workspace open(boolean verbose) {
    return new Workspace(OpsHome.fromEnvironment(), new StderrProgress(verbose));
  }

  ImageBuilder imageBuilder() {
    return new ImageBuilder(images, kernels, progress);
  }

  /**
   * Builds the image the options describe: on a package when {@code --package} names one, from the
   * program otherwise.
   */
  StoredImage buildImage(ImageOptions image, ImageSpec spec) {
    String name = image.imageNameFor(spec);
    if (image.packageName == null) {
      return imageBuilder().build(spec, name);
    }
    StoredPackage base = packages.get(PackageName.parse(image.packageName));
    return imageBuilder().build(PackageImagePlanner.plan(base, spec), name);
  }

  /** Read when a command needs it, so a broken config file only fails registry commands. */
  RegistrySettings registrySettings() {
    return RegistrySettings.load(home);
  }

  Launcher launcher() {
    return new Launcher(blobs, kernels, home.root().resolve("bin"), progress);
  }
}
