package dev.ops.builder.build;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore;
import dev.ops.core.registry.PackagePuller;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.RegistryException;
import dev.ops.events.build.PackageReference;

/**
 * Brings the package a request builds on into the build's scratch store, next to the layers the
 * next step writes, so the image holds the package's layer blob as it is. The package must be the
 * very manifest the request names by digest.
 */
final class PullPackageStep implements BuildStep {

  private static final int NOT_FOUND = 404;
  private static final double MIB = 1 << 20;

  private final RegistryClient client;
  private final Progress progress;

  PullPackageStep(RegistryClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "pull-package";
  }

  @Override
  public String run(BuildContext build) {
    PackageReference wanted = build.request.basePackage();
    if (wanted == null) {
      return "no package";
    }
    PackageStore store =
        new PackageStore(
            build.scratch.resolve("packages"), new BlobStore(build.scratch.resolve("blobs")));
    try {
      build.basePackage =
          new PackagePuller(client, store, progress)
              .pull(new PackageName(wanted.name(), wanted.version()));
    } catch (RegistryException e) {
      if (e.status() == NOT_FOUND) {
        throw BuildFailure.of(name(), missing(wanted));
      }
      throw e;
    }
    if (!build.basePackage.manifestDigest().equals(wanted.digest())) {
      throw BuildFailure.of(
          name(),
          "packages/"
              + wanted.name()
              + ":"
              + wanted.version()
              + " is now "
              + build.basePackage.manifestDigest()
              + ", not the "
              + wanted.digest()
              + " the request names; it was pushed again since, so request the build again");
    }
    return String.format(
        "package %s:%s, %.1f MiB",
        wanted.name(), wanted.version(), build.basePackage.layer().size() / MIB);
  }

  private static String missing(PackageReference wanted) {
    return "the package "
        + wanted.name()
        + ":"
        + wanted.version()
        + " is not in the registry; push it with 'ops pkg push "
        + wanted.name()
        + ":"
        + wanted.version()
        + "'";
  }
}
