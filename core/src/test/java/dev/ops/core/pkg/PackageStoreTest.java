package dev.ops.core.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageStoreTest {

  @TempDir Path root;
  private PackageStore store;
  private Path sysroot;

  @BeforeEach
  void createStoreAndSysroot() throws IOException {
    store = new PackageStore(root.resolve("packages"), new BlobStore(root.resolve("blobs")));
    sysroot = root.resolve("sysroot");
    Files.createDirectories(sysroot.resolve("usr/bin"));
    Files.writeString(sysroot.resolve("usr/bin/interp"), "#!interpreter");
    Files.createDirectories(sysroot.resolve("usr/lib/interp"));
    Files.writeString(sysroot.resolve("usr/lib/interp/std.lib"), "standard library");
    Files.createSymbolicLink(sysroot.resolve("usr/bin/interp3"), Path.of("interp"));
  }

  static PackageConfig config(String name, String version) {
    return new PackageConfig(
        name,
        version,
        "an interpreter",
        null,
        null,
        "/usr/bin/interp",
        List.of("-u"),
        Map.of("MODE", "package"),
        "test");
  }

  @Test
  void storesFilesConfigAndManifestAndFindsThemByName() {
    StoredPackage stored = store.store(config("interp", "1.0"), SysrootLayer.of(sysroot));

    StoredPackage found = store.get(PackageName.parse("interp:1.0"));

    assertThat(found.manifestDigest()).isEqualTo(stored.manifestDigest());
    assertThat(found.config().args()).containsExactly("-u");
    assertThat(found.config().language()).isEqualTo("native");
    assertThat(found.manifest().artifactType()).isEqualTo(PackageConfig.ARTIFACT_TYPE);
    assertThat(PackageContents.of(store, found))
        .extracting(PackageContents.Entry::path)
        .contains("/usr/bin/interp", "/usr/bin/interp3", "/usr/lib/interp/std.lib")
        .doesNotContain("/.ops/layers/package");
    assertThat(PackageContents.of(store, found))
        .filteredOn(entry -> entry.path().equals("/usr/bin/interp3"))
        .singleElement()
        .satisfies(link -> assertThat(link.target()).isEqualTo("interp"));
  }

  @Test
  void theSameFilesGiveTheSameLayer() {
    StoredPackage first = store.store(config("interp", "1.0"), SysrootLayer.of(sysroot));
    StoredPackage second = store.store(config("interp", "1.1"), SysrootLayer.of(sysroot));

    assertThat(second.layer()).isEqualTo(first.layer());
    assertThat(second.manifestDigest()).isNotEqualTo(first.manifestDigest());
  }

  @Test
  void latestIsTheHighestVersion() {
    store.store(config("interp", "3.9.18"), SysrootLayer.of(sysroot));
    store.store(config("interp", "3.11.2"), SysrootLayer.of(sysroot));
    store.store(config("other", "1.0"), SysrootLayer.of(sysroot));

    assertThat(store.get(PackageName.parse("interp")).id().version()).isEqualTo("3.11.2");
    assertThat(store.list())
        .extracting(stored -> stored.id().toString())
        .containsExactly("interp:3.9.18", "interp:3.11.2", "other:1.0");
  }

  @Test
  void anUnknownPackageIsAClearError() {
    assertThatThrownBy(() -> store.get(PackageName.parse("nothing")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("no package nothing:latest");
  }

  @Test
  void removingKeepsTheBlobsOthersUse() {
    StoredPackage first = store.store(config("interp", "1.0"), SysrootLayer.of(sysroot));
    StoredPackage second = store.store(config("interp", "1.1"), SysrootLayer.of(sysroot));

    store.remove(first.id(), Set.of());

    assertThat(store.blobs().contains(second.layer().digest())).isTrue();
    assertThat(store.blobs().contains(first.manifestDigest())).isFalse();
    store.remove(second.id(), Set.of(second.layer().digest()));
    assertThat(store.blobs().contains(second.layer().digest()))
        .as("an image still uses the layer")
        .isTrue();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void aDamagedPackageSaysHowToRepairIt() throws IOException {
    StoredPackage stored = store.store(config("interp", "1.0"), SysrootLayer.of(sysroot));
    Files.delete(store.blobs().path(stored.manifest().config().digest()));

    assertThatThrownBy(() -> store.get(stored.id()))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("damaged")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("ops pkg rm interp:1.0"));
  }

  @Test
  void latestCannotBeStoredAsAVersion() {
    assertThatThrownBy(() -> store.store(config("interp", "latest"), SysrootLayer.of(sysroot)))
        .isInstanceOf(OpsException.class);
  }
}
