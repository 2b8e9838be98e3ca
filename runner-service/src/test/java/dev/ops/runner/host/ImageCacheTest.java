package dev.ops.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.builder.testing.TestKernels;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.RegistryClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCacheTest {

  @TempDir Path root;

  @Test
  void evictionRemovesTheLeastRecentlyUsedImagesNoInstanceUsesUntilTheCacheFits() throws Exception {
    OpsHome home = OpsHome.at(root);
    ImageStore images = new ImageStore(home.images(), new BlobStore(home.blobs()));
    KernelCatalogue kernels = new KernelCatalogue(home, Progress.SILENT);
    TestKernels.install(kernels.store());
    ImageBuilder builder = new ImageBuilder(images, kernels, Progress.SILENT);
    for (String name : new String[] {"old", "used", "recent"}) {
      builder.build(
          ImageSpec.of(TestPrograms.staticProgram("p-" + name, name)).withKernel(TestKernels.NAME),
          name);
    }
    Files.setLastModifiedTime(home.images().resolve("old"), FileTime.fromMillis(1_000));
    Files.setLastModifiedTime(home.images().resolve("used"), FileTime.fromMillis(2_000));
    ImageCache cache = cacheOf(home, 0);
    long before = cache.size();

    ImageCache roomForOne = cacheOf(home, before - 1);
    assertThat(roomForOne.evict(Set.of("used"))).isEqualTo(1);

    assertThat(images.find("old")).as("least recently used").isEmpty();
    assertThat(images.find("used")).as("an instance uses it").isPresent();
    assertThat(images.find("recent")).isPresent();
    assertThat(cache.size()).isLessThan(before);
    assertThat(cacheOf(home, 0).evict(Set.of("used"))).isEqualTo(1);
    assertThat(images.find("used")).isPresent();
  }

  private static ImageCache cacheOf(OpsHome home, long maxBytes) {
    return new ImageCache(
        home,
        new RegistryClient(URI.create("http://127.0.0.1:9"), Optional.empty(), Progress.SILENT),
        maxBytes);
  }
}
