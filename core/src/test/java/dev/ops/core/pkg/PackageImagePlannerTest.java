package dev.ops.core.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.image.LayerEntry;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a package's defaults and the user's choices make one image. */
class PackageImagePlannerTest {

  @TempDir Path root;
  private Path work;
  private StoredPackage base;
  private ImageBuilder builder;

  @BeforeEach
  void storePackage() throws IOException {
    BlobStore blobs = new BlobStore(root.resolve("blobs"));
    PackageStore packages = new PackageStore(root.resolve("packages"), blobs);
    Path sysroot = Files.createDirectories(root.resolve("sysroot/usr/bin"));
    Files.writeString(sysroot.resolve("interp"), "#!interpreter");
    base =
        packages.store(
            PackageStoreTest.config("interp", "1.0"), SysrootLayer.of(root.resolve("sysroot")));
    work = Files.createDirectories(root.resolve("work"));
    Files.writeString(work.resolve("server.js"), "serve()");

    KernelCatalogue kernels =
        new KernelCatalogue(OpsHome.at(root.resolve("home")), Progress.SILENT);
    Path scratch = kernels.store().scratchDirectory();
    Path vmlinux = Files.writeString(scratch.resolve("vmlinux"), "not a kernel");
    kernels
        .store()
        .commit(
            scratch,
            new Kernel(
                "k",
                Kernel.MINIMAL,
                "6.1",
                vmlinux,
                "sha256:" + "1".repeat(64),
                List.of(),
                false,
                20,
                List.of()));
    builder =
        new ImageBuilder(new ImageStore(root.resolve("images"), blobs), kernels, Progress.SILENT);
  }

  private ImageSpec user(List<String> args, Map<String, String> env) {
    return new ImageSpec(
        null, args, env, List.of(), List.of(), Map.of(), List.of(), List.of(), "k", work);
  }

  @Test
  void withoutUserChoicesThePackagesDefaultsApply() {
    BuildPlan plan = PackageImagePlanner.plan(base, user(List.of(), Map.of()));

    assertThat(plan.argv()).containsExactly("/usr/bin/interp", "-u");
    assertThat(plan.env()).containsExactly(Map.entry("MODE", "package"));
    assertThat(plan.files()).isEmpty();
  }

  @Test
  void theUsersArgumentsReplaceAndTheirEnvironmentWinsKeyByKey() {
    BuildPlan plan =
        PackageImagePlanner.plan(
            base, user(List.of("server.js", "--port", "8080"), Map.of("MODE", "user", "X", "1")));

    assertThat(plan.argv()).containsExactly("/usr/bin/interp", "server.js", "--port", "8080");
    assertThat(plan.env()).containsEntry("MODE", "user").containsEntry("X", "1");
  }

  @Test
  void argumentsThatNameFilesHereGoIntoTheImageAndOthersDoNot() throws IOException {
    Files.writeString(root.resolve("secret"), "outside the working directory");

    BuildPlan plan =
        PackageImagePlanner.plan(
            base, user(List.of("server.js", "../secret", "/etc/passwd", "8080"), Map.of()));

    assertThat(plan.files())
        .filteredOn(LayerEntry.HostFile.class::isInstance)
        .extracting(LayerEntry::guestPath)
        .containsExactly("/server.js");
  }

  @Test
  void imagesOnOnePackageCarryItsLayerAsItIs() {
    StoredImage first =
        builder.build(PackageImagePlanner.plan(base, user(List.of("server.js"), Map.of())), "one");
    StoredImage second =
        builder.build(PackageImagePlanner.plan(base, user(List.of(), Map.of())), "two");

    assertThat(first.manifest().layers())
        .extracting(ImageManifest.Descriptor::digest)
        .contains(base.layer().digest());
    assertThat(second.manifest().layers())
        .extracting(ImageManifest.Descriptor::digest)
        .contains(base.layer().digest());
    assertThat(first.config().layers()).containsExactly("init", "package", "program");
    assertThat(second.config().layers()).containsExactly("init", "package");
    assertThat(first.manifest().annotations()).containsEntry(ImageManifest.PACKAGE, "interp:1.0");
    assertThat(first.config().minimumMemoryMib()).isGreaterThan(20);
  }
}
