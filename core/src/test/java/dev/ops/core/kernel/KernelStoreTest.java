package dev.ops.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelStoreTest {

  @TempDir Path home;
  private Path root;
  private KernelStore store;

  @BeforeEach
  void createStore() {
    root = home.resolve("kernels");
    store = new KernelStore(root);
  }

  private static String digest(char fill) {
    return "sha256:" + String.valueOf(fill).repeat(64);
  }

  /** Assembles fake kernel files in a scratch directory, as an installer does, and commits. */
  private Kernel commit(String name, String flavour, String version, char digestFill)
      throws IOException {
    Path scratch = store.scratchDirectory();
    Path vmlinux = Files.writeString(scratch.resolve("vmlinux"), "vmlinux of " + name);
    Path module = scratch.resolve("modules/virtio_net.ko");
    Files.createDirectories(module.getParent());
    Files.writeString(module, "module");
    Kernel assembled =
        new Kernel(
            name,
            flavour,
            version,
            vmlinux,
            digest(digestFill),
            List.of(new KernelModule("virtio_net", module, "/lib/modules/virtio_net.ko")),
            true,
            64,
            List.of("mitigations=off"));
    return store.commit(scratch, assembled);
  }

  @Test
  void movesTheKernelsFilesIntoItsOwnDirectory() throws IOException {
    Kernel kernel = commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');

    assertThat(kernel.directory()).isEqualTo(root.resolve("debian-6.1"));
    assertThat(kernel.vmlinux()).hasContent("vmlinux of debian-6.1");
    assertThat(kernel.modules().get(0).file())
        .isEqualTo(root.resolve("debian-6.1/modules/virtio_net.ko"))
        .hasContent("module");
    assertThat(root.resolve("debian-6.1/kernel.json")).isRegularFile();
  }

  @Test
  void keepsEveryFieldOfTheKernel() throws IOException {
    Kernel kernel = commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');

    assertThat(kernel.name()).isEqualTo("debian-6.1");
    assertThat(kernel.flavour()).isEqualTo(Kernel.STOCK);
    assertThat(kernel.version()).isEqualTo("6.1.0");
    assertThat(kernel.digest()).isEqualTo(digest('a'));
    assertThat(kernel.modules())
        .singleElement()
        .satisfies(
            module -> {
              assertThat(module.name()).isEqualTo("virtio_net");
              assertThat(module.guestPath()).isEqualTo("/lib/modules/virtio_net.ko");
            });
    assertThat(kernel.microvmNeedsAcpi()).isTrue();
    assertThat(kernel.baseMemoryMib()).isEqualTo(64);
    assertThat(kernel.bootOptions()).containsExactly("mitigations=off");
  }

  @Test
  void listsNothingBeforeTheFirstKernel() {
    assertThat(store.list()).isEmpty();
  }

  @Test
  void listsCommittedKernelsSortedByName() throws IOException {
    commit("minimal-6.6", Kernel.MINIMAL, "6.6.0", 'b');
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');

    assertThat(store.list()).extracting(Kernel::name).containsExactly("debian-6.1", "minimal-6.6");
  }

  @Test
  void leavesScratchDirectoriesOutOfTheList() throws IOException {
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');
    Path scratch = store.scratchDirectory();

    assertThat(scratch).startsWith(root);
    assertThat(store.list()).extracting(Kernel::name).containsExactly("debian-6.1");
  }

  @Test
  void findsAKernelByName() throws IOException {
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');

    assertThat(store.find("debian-6.1")).get().extracting(Kernel::version).isEqualTo("6.1.0");
    assertThat(store.find("debian-9.9")).isEmpty();
  }

  @Test
  void findsAKernelByDigest() throws IOException {
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');
    commit("minimal-6.6", Kernel.MINIMAL, "6.6.0", 'b');

    assertThat(store.findByDigest(digest('b')))
        .get()
        .extracting(Kernel::name)
        .isEqualTo("minimal-6.6");
    assertThat(store.findByDigest(digest('c'))).isEmpty();
  }

  @Test
  void replacesAKernelCommittedAgainUnderTheSameName() throws IOException {
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');
    commit("debian-6.1", Kernel.STOCK, "6.1.1", 'b');

    assertThat(store.list())
        .singleElement()
        .satisfies(
            kernel -> {
              assertThat(kernel.version()).isEqualTo("6.1.1");
              assertThat(kernel.digest()).isEqualTo(digest('b'));
            });
  }

  @Test
  void removesAKernelWithItsFiles() throws IOException {
    commit("debian-6.1", Kernel.STOCK, "6.1.0", 'a');

    store.remove("debian-6.1");

    assertThat(store.find("debian-6.1")).isEmpty();
    assertThat(root.resolve("debian-6.1")).doesNotExist();
  }

  @Test
  void refusesToRemoveAnUnknownKernel() {
    assertThatThrownBy(() -> store.remove("debian-9.9"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("debian-9.9");
  }

  @Test
  void refusesToRemoveAnythingOutsideTheStore() throws IOException {
    Path outside = Files.createDirectory(home.resolve("precious"));

    assertThatThrownBy(() -> store.remove("../precious")).isInstanceOf(OpsException.class);
    assertThatThrownBy(() -> store.remove(".")).isInstanceOf(OpsException.class);
    assertThat(outside).exists();
  }
}
