package dev.ops.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCatalogueTest {

  private static final String CURRENT_KEY = "9bd33300" + "0".repeat(56);
  private static final String OLDER_KEY = "11674dfc" + "0".repeat(56);
  private static final String OTHER_KEY = "ffffffff" + "0".repeat(56);

  @TempDir Path temp;
  private KernelStore store;
  private FakeMinimalSupply supply;
  private KernelCatalogue catalogue;

  @BeforeEach
  void createCatalogue() {
    OpsHome home = OpsHome.at(temp);
    store = new KernelStore(home.kernels());
    supply = new FakeMinimalSupply(store, CURRENT_KEY);
    catalogue = new KernelCatalogue(home, Progress.SILENT, store, supply);
  }

  @Test
  void minimalIsBuiltWhenOnlyKernelsOfOtherConfigurationsAreCached() {
    commitMinimal("6.1.192", OLDER_KEY);
    commitMinimal("6.1.200", OTHER_KEY);

    Kernel kernel = catalogue.resolve(Kernel.MINIMAL);

    assertThat(kernel.name()).isEqualTo("minimal-6.1.192-9bd33300");
    assertThat(supply.builds).as("builds of the current configuration").isEqualTo(1);
  }

  @Test
  void minimalIsTheCachedBuildOfTheCurrentConfigurationEvenWhenANewerVersionIsCached() {
    commitMinimal("6.1.192", CURRENT_KEY);
    commitMinimal("6.1.200", OTHER_KEY);

    Kernel kernel = catalogue.resolve(Kernel.MINIMAL);

    assertThat(kernel.name()).isEqualTo("minimal-6.1.192-9bd33300");
    assertThat(supply.builds).as("builds when the current one is cached").isZero();
  }

  @Test
  void theDefaultFlavourFollowsTheCurrentConfigurationToo() {
    commitMinimal("6.1.192", OLDER_KEY);

    Kernel kernel = catalogue.resolve(null);

    assertThat(kernel.name()).isEqualTo("minimal-6.1.192-9bd33300");
    assertThat(supply.builds).isEqualTo(1);
  }

  @Test
  void anOlderMinimalKernelStaysAvailableByName() {
    commitMinimal("6.1.192", OLDER_KEY);

    Kernel kernel = catalogue.resolve("minimal-6.1.192-11674dfc");

    assertThat(kernel.name()).isEqualTo("minimal-6.1.192-11674dfc");
    assertThat(supply.builds).as("builds for a kernel named explicitly").isZero();
  }

  private Kernel commitMinimal(String release, String key) {
    return commit(store, MinimalKernelInstaller.kernelName(release, key), release);
  }

  private static Kernel commit(KernelStore store, String name, String release) {
    Path scratch = store.scratchDirectory();
    try {
      Path vmlinux = Files.writeString(scratch.resolve("vmlinux"), "vmlinux of " + name);
      String digest = "sha256:" + String.format("%064x", Math.abs((long) name.hashCode()));
      return store.commit(
          scratch,
          new Kernel(
              name, Kernel.MINIMAL, release, vmlinux, digest, List.of(), false, 24, List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stands in for the installer: a fixed current key, and a "build" that catalogues at once. */
  private static final class FakeMinimalSupply implements MinimalKernelSupply {

    private final KernelStore store;
    private final String key;
    private int builds;

    FakeMinimalSupply(KernelStore store, String key) {
      this.store = store;
      this.key = key;
    }

    @Override
    public String currentBuildKey() {
      return key;
    }

    @Override
    public Kernel build() {
      builds++;
      return commit(store, MinimalKernelInstaller.kernelName("6.1.192", key), "6.1.192");
    }
  }
}
