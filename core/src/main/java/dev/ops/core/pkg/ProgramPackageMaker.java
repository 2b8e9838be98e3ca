package dev.ops.core.pkg;

import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.LayerContents;
import dev.ops.core.pkg.PackageStore.StoredPackage;

/**
 * Makes a package from a program on this machine: what {@code ops run} would put in its image (the
 * program, its libraries, the files given with it) becomes the package's layer, and its arguments
 * and environment the package's defaults.
 */
public final class ProgramPackageMaker {

  private final PackageStore store;
  private final ImageBuilder planner;

  public ProgramPackageMaker(PackageStore store, ImageBuilder planner) {
    this.store = store;
    this.planner = planner;
  }

  public StoredPackage make(ImageSpec spec, String name, String version, String description) {
    BuildPlan plan = planner.plan(spec);
    LayerContents files = new LayerContents(PackageStore.LAYER_NAME);
    files.add(plan.program());
    files.addAll(plan.libraries());
    files.addAll(plan.files());
    files.addAll(plan.symlinks());
    PackageConfig config =
        new PackageConfig(
            name,
            version,
            description,
            PackageConfig.languageOf(plan.programPath()),
            PackageConfig.ARCHITECTURE,
            plan.programPath(),
            plan.args(),
            plan.env(),
            "program:" + spec.program());
    return store.store(config, files);
  }
}
