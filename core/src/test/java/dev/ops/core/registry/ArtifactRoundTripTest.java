package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageConfig;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.kernel.KernelStore;
import dev.ops.core.util.Digests;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images and kernels pushed from one machine's stores and pulled into another's. */
class ArtifactRoundTripTest {

  @TempDir Path work;

  private FakeRegistry registry;
  private Machine here;
  private Machine there;
  private Kernel kernel;
  private ImageStore.StoredImage image;

  /** The local stores of one machine. */
  private record Machine(BlobStore blobs, ImageStore images, KernelStore kernels) {
    static Machine at(Path root) {
      BlobStore blobs = new BlobStore(root.resolve("blobs"));
      return new Machine(
          blobs, new ImageStore(root.resolve("images"), blobs), new KernelStore(root.resolve("k")));
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    registry = new FakeRegistry();
    here = Machine.at(work.resolve("here"));
    there = Machine.at(work.resolve("there"));
    kernel = storeKernel(here.kernels(), "test-kernel-1", 1);
    image = storeImage(here, kernel);
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private RegistryClient client() {
    return new RegistryClient(registry.base(), Optional.empty(), Progress.SILENT);
  }

  private ImageReference app() {
    return ImageReference.of(registry.registry(), "team/app", "v1");
  }

  @Test
  void anImagePulledIntoAnotherMachine_isTheSameImage_andBringsItsKernel() throws IOException {
    new ImagePusher(client(), here.blobs(), here.kernels(), Progress.SILENT).push(image, app());

    ImagePullResult pulled =
        new ImagePuller(client(), there.images(), there.kernels(), Progress.SILENT)
            .pull(app(), "app");

    assertThat(pulled.digest()).isEqualTo(image.manifestDigest());
    assertThat(there.images().get("app").config()).isEqualTo(image.config());
    assertThat(pulled.blobs().transferred()).as("config and layer").isEqualTo(2);
    assertThat(pulled.kernel()).isPresent();
    Kernel copy = there.kernels().findByDigest(kernel.digest()).orElseThrow();
    assertThat(copy.modules())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.guestPath()).isEqualTo("/.ops/modules/virtio.ko");
              assertThat(m.file()).hasSameBinaryContentAs(kernel.modules().get(0).file());
            });
    assertThat(copy.bootOptions()).containsExactly("quiet");
    assertThat(copy.flavour()).isEqualTo(Kernel.MINIMAL);
  }

  @Test
  void aSecondPush_sendsNoBlob() {
    ImagePusher pusher = new ImagePusher(client(), here.blobs(), here.kernels(), Progress.SILENT);
    pusher.push(image, app());

    ImagePushResult again = pusher.push(image, app());

    assertThat(again.image().blobs()).isEqualTo(new TransferCount(0, 2, 0));
    assertThat(again.kernel().orElseThrow().blobs()).isEqualTo(new TransferCount(0, 3, 0));
    assertThat(again.image().digest()).isEqualTo(image.manifestDigest());
  }

  @Test
  void aPullOfWhatThisMachineHas_receivesNoBlob() {
    new ImagePusher(client(), here.blobs(), here.kernels(), Progress.SILENT).push(image, app());

    ImagePullResult pulled =
        new ImagePuller(client(), here.images(), here.kernels(), Progress.SILENT)
            .pull(app(), "copy");

    assertThat(pulled.blobs()).isEqualTo(new TransferCount(0, 2, 0));
    assertThat(pulled.kernel()).isEmpty();
  }

  @Test
  void aTamperedLayer_isRefusedAndLeavesNothingBehind() throws IOException {
    new ImagePusher(client(), here.blobs(), here.kernels(), Progress.SILENT).push(image, app());
    String layer = image.manifest().layers().get(0).digest();
    byte[] bytes = Files.readAllBytes(here.blobs().path(layer));
    bytes[0] ^= 1;
    registry.tamper(layer, bytes);

    assertThatThrownBy(
            () ->
                new ImagePuller(client(), there.images(), there.kernels(), Progress.SILENT)
                    .pull(app(), "app"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("pull blob " + layer)
        .hasMessageContaining("its content has the digest");
    assertThat(filesUnder(work.resolve("there"))).isEmpty();
    assertThat(there.images().list()).isEmpty();
  }

  @Test
  void anImageWhoseKernelIsNowhere_isRefusedWithWhatToPush() throws IOException {
    ImagePusher pusher =
        new ImagePusher(
            client(), here.blobs(), new KernelStore(work.resolve("none")), Progress.SILENT);
    pusher.push(image, app());

    assertThatThrownBy(
            () ->
                new ImagePuller(client(), there.images(), there.kernels(), Progress.SILENT)
                    .pull(app(), "app"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("kernel test-kernel-1 is neither on this machine nor in registry")
        .satisfies(
            e -> assertThat(((OpsException) e).hint()).contains("ops kernel push test-kernel-1"));
    assertThat(filesUnder(work.resolve("there"))).isEmpty();
  }

  @Test
  void aKernel_roundTripsOnItsOwn_andAPullOfTheSameKernelIsANoOp() {
    PushResult pushed = new KernelPusher(client(), Progress.SILENT).push(kernel);
    KernelPuller puller = new KernelPuller(client(), there.kernels(), Progress.SILENT);

    KernelPullResult first = puller.pull(pushed.reference());
    KernelPullResult second = puller.pullNamed(kernel.name(), kernel.digest());

    assertThat(pushed.reference().toString())
        .isEqualTo(registry.registry() + "/kernels/minimal:test-kernel-1");
    assertThat(first.kernel().digest()).isEqualTo(kernel.digest());
    assertThat(first.kernel().vmlinux()).hasSameBinaryContentAs(kernel.vmlinux());
    assertThat(second.alreadyLocal()).isTrue();
  }

  @Test
  void aDifferentKernelOfTheSameName_isNotReplaced() throws IOException {
    new KernelPusher(client(), Progress.SILENT).push(kernel);
    storeKernel(there.kernels(), "test-kernel-1", 2);

    assertThatThrownBy(
            () ->
                new KernelPuller(client(), there.kernels(), Progress.SILENT)
                    .pull(KernelArtifact.reference(registry.registry(), kernel)))
        .hasMessageContaining("this machine has another kernel named test-kernel-1")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("ops kernel rm"));
  }

  @Test
  void aKernelPulledAsAnImage_isNamedForWhatItIs() {
    PushResult pushed = new KernelPusher(client(), Progress.SILENT).push(kernel);

    assertThatThrownBy(
            () ->
                new ImagePuller(client(), there.images(), there.kernels(), Progress.SILENT)
                    .pull(pushed.reference(), "k"))
        .hasMessageContaining("is a kernel, not an image");
  }

  private static Kernel storeKernel(KernelStore store, String name, int seed) throws IOException {
    Path scratch = store.scratchDirectory();
    Path vmlinux = Files.write(scratch.resolve("vmlinux"), random(4000, seed));
    Path module = scratch.resolve("modules/virtio.ko");
    Files.createDirectories(module.getParent());
    Files.write(module, random(300, seed + 100));
    return store.commit(
        scratch,
        new Kernel(
            name,
            Kernel.MINIMAL,
            "6.1.0-test",
            vmlinux,
            Digests.of(vmlinux),
            List.of(new KernelModule("virtio", module, "/.ops/modules/virtio.ko")),
            false,
            24,
            List.of("quiet")));
  }

  private static ImageStore.StoredImage storeImage(Machine machine, Kernel kernel) {
    ImageConfig config =
        new ImageConfig(
            "/app",
            List.of("/app"),
            Map.of(),
            kernel.name(),
            kernel.digest(),
            64,
            List.of("program"));
    BlobDescriptor configBlob = machine.blobs().put(Json.write(config));
    BlobDescriptor layer = machine.blobs().put(random(2500, 7));
    ImageManifest manifest =
        new ImageManifest(
            2,
            ImageManifest.MEDIA_TYPE,
            ImageManifest.ARTIFACT_TYPE,
            new ImageManifest.Descriptor(
                ImageConfig.MEDIA_TYPE, configBlob.digest(), configBlob.size(), null),
            List.of(
                new ImageManifest.Descriptor(
                    ImageManifest.LAYER_MEDIA_TYPE,
                    layer.digest(),
                    layer.size(),
                    Map.of(ImageManifest.LAYER_NAME, "program"))),
            Map.of(ImageManifest.KERNEL_NAME, kernel.name()));
    machine.images().tag("app", machine.blobs().put(Json.write(manifest)).digest());
    return machine.images().get("app");
  }

  private static byte[] random(int size, int seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().equals(DownloadLock.FILE_NAME))
          .toList();
    }
  }
}
