package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.kernel.KernelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildPlanTest {

  private static final String KERNEL = "test-kernel";

  @TempDir Path root;
  private KernelCatalogue kernels;
  private Path work;

  @BeforeEach
  void createKernelAndWorkingDirectory() throws IOException {
    OpsHome home = OpsHome.at(root.resolve("home"));
    kernels = new KernelCatalogue(home, Progress.SILENT);
    commitFakeKernel(kernels.store());
    work = Files.createDirectories(root.resolve("work"));
  }

  /** A kernel that never boots: building only reads its files and records its digest. */
  private static void commitFakeKernel(KernelStore store) throws IOException {
    Path scratch = store.scratchDirectory();
    Path vmlinux = Files.writeString(scratch.resolve("vmlinux"), "not a kernel");
    Path module = Files.createDirectories(scratch.resolve("modules")).resolve("virtio.ko");
    Files.writeString(module, "not a module");
    store.commit(
        scratch,
        new Kernel(
            KERNEL,
            Kernel.MINIMAL,
            "6.1.0",
            vmlinux,
            "sha256:" + "0".repeat(64),
            List.of(new KernelModule("virtio", module, "/lib/modules/virtio.ko")),
            false,
            20,
            List.of()));
  }

  private ImageBuilder builderInto(Path storeRoot) {
    BlobStore blobs = new BlobStore(storeRoot.resolve("blobs"));
    return new ImageBuilder(
        new ImageStore(storeRoot.resolve("images"), blobs), kernels, Progress.SILENT);
  }

  private Path compileDynamicProgram() throws IOException, InterruptedException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")), "gcc is not installed");
    Path source = Files.writeString(work.resolve("hello.c"), "int main(){return 0;}\n");
    Path program = work.resolve("hello");
    Process gcc =
        new ProcessBuilder("gcc", "-o", program.toString(), source.toString()).inheritIO().start();
    assertThat(gcc.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(gcc.exitValue()).isZero();
    return program;
  }

  private ImageSpec specOf(Path program) throws IOException {
    Files.createDirectories(work.resolve("conf"));
    Files.writeString(work.resolve("conf/app.toml"), "port = 8080\n");
    return new ImageSpec(
        program,
        List.of("--port", "8080"),
        Map.of("MODE", "production"),
        List.of("conf/app.toml"),
        List.of(),
        Map.of(),
        List.of(),
        List.of("1.1.1.1"),
        KERNEL,
        work);
  }

  /** Copies every file of the plan into a content-addressed cache, as a builder downloads them. */
  private static BuildPlan planFromBlobs(BuildPlan local, BlobStore cache) {
    return BuildPlan.fromFiles(
        cached(new LayerEntry.HostFile(local.programPath(), 0755, local.program().source()), cache),
        local.args(),
        local.env(),
        local.libraries().stream().map(library -> cached(library, cache)).toList(),
        local.files().stream()
            .filter(LayerEntry.HostFile.class::isInstance)
            .map(file -> cached((LayerEntry.HostFile) file, cache))
            .toList(),
        local.symlinks(),
        local.nameServers(),
        local.kernel());
  }

  private static LayerEntry.HostFile cached(LayerEntry.HostFile file, BlobStore cache) {
    BlobDescriptor blob = cache.put(out -> Files.copy(file.source(), out));
    return new LayerEntry.HostFile(file.guestPath(), file.mode(), cache.path(blob.digest()));
  }

  @Test
  void shouldGiveTheSameManifestDigestFromBlobsAsTheLocalBuildOfTheSameProgram() throws Exception {
    ImageSpec spec = specOf(compileDynamicProgram());
    ImageStore.StoredImage local = builderInto(root.resolve("local")).build(spec, "hello");

    ImageBuilder fleet = builderInto(root.resolve("fleet"));
    BuildPlan fromBlobs = planFromBlobs(fleet.plan(spec), new BlobStore(root.resolve("cache")));
    ImageStore.StoredImage built = fleet.build(fromBlobs, "hello");

    assertThat(fromBlobs.program().source())
        .as("the fleet plan reads the program from the cache, not from where it was compiled")
        .startsWith(root.resolve("cache"));
    assertThat(built.manifestDigest()).isEqualTo(local.manifestDigest());
    assertThat(built.manifest().layers()).hasSize(4);
  }

  @Test
  void shouldGiveTheSameDigestFromBlobsWhenTheUsersDirectoryHoldsLinks() throws Exception {
    Path program = compileDynamicProgram();
    Path site = Files.createDirectories(work.resolve("site/v1"));
    Files.writeString(site.resolve("index.html"), "<p>hello</p>");
    Files.createSymbolicLink(work.resolve("site/current"), Path.of("v1"));
    Files.createSymbolicLink(work.resolve("site/libc"), Path.of("/lib/x86_64-linux-gnu/libc.so.6"));
    ImageSpec spec =
        ImageSpec.of(program).withKernel(KERNEL).withArgs(List.of("--root", "/site/current"));
    ImageSpec withSite =
        new ImageSpec(
            spec.program(),
            spec.args(),
            spec.env(),
            List.of(),
            List.of("site"),
            Map.of(),
            List.of(),
            List.of(),
            KERNEL,
            work);
    ImageStore.StoredImage local = builderInto(root.resolve("local")).build(withSite, "site");

    ImageBuilder fleet = builderInto(root.resolve("fleet"));
    BuildPlan fromBlobs = planFromBlobs(fleet.plan(withSite), new BlobStore(root.resolve("cache")));

    assertThat(fleet.build(fromBlobs, "site").manifestDigest()).isEqualTo(local.manifestDigest());
  }

  @Test
  void shouldPlaceAProgramNamedThroughALinkAtItsRealPath() {
    BuildPlan plan =
        BuildPlan.fromFiles(
            new LayerEntry.HostFile("/bin/app", 0755, Path.of("/cache/ab")),
            List.of("-v"),
            Map.of(),
            List.of(),
            List.of(),
            List.of(new LayerEntry.Symlink("/bin", "usr/bin")),
            List.of(),
            null);

    assertThat(plan.program().guestPath()).isEqualTo("/usr/bin/app");
    assertThat(plan.argv()).containsExactly("/bin/app", "-v");
  }
}
