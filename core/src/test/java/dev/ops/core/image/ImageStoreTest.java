package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageStoreTest {

  private static final String KERNEL_DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path home;
  private BlobStore blobs;
  private ImageStore store;

  @BeforeEach
  void createStore() {
    blobs = new BlobStore(home.resolve("blobs"));
    store = new ImageStore(home.resolve("images"), blobs);
  }

  /** Stores an image the way ImageBuilder does: layers, config, manifest, then the tag. */
  private String storeImage(String name, String... layerContents) {
    List<ImageManifest.Descriptor> layers = new java.util.ArrayList<>();
    for (int i = 0; i < layerContents.length; i++) {
      BlobDescriptor layer = blobs.put(layerContents[i].getBytes(StandardCharsets.UTF_8));
      layers.add(
          new ImageManifest.Descriptor(
              ImageManifest.LAYER_MEDIA_TYPE,
              layer.digest(),
              layer.size(),
              Map.of(ImageManifest.LAYER_NAME, "layer" + i)));
    }
    ImageConfig config =
        new ImageConfig(
            "/bin/" + name,
            List.of("/bin/" + name),
            Map.of(),
            "test-kernel",
            KERNEL_DIGEST,
            64,
            List.of("init"));
    BlobDescriptor configBlob = blobs.put(Json.write(config));
    ImageManifest manifest =
        new ImageManifest(
            2,
            ImageManifest.MEDIA_TYPE,
            ImageManifest.ARTIFACT_TYPE,
            new ImageManifest.Descriptor(
                ImageConfig.MEDIA_TYPE, configBlob.digest(), configBlob.size(), null),
            layers,
            Map.of(ImageManifest.KERNEL_NAME, "test-kernel"));
    String manifestDigest = blobs.put(Json.write(manifest)).digest();
    store.tag(name, manifestDigest);
    return manifestDigest;
  }

  private static String digestOf(String content) {
    return dev.ops.core.util.Digests.of(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void findsATaggedImageWithItsManifestAndConfig() {
    String manifestDigest = storeImage("web", "layer-a", "layer-b");

    ImageStore.StoredImage image = store.get("web");

    assertThat(image.name()).isEqualTo("web");
    assertThat(image.manifestDigest()).isEqualTo(manifestDigest);
    assertThat(image.manifest().layers())
        .extracting(ImageManifest.Descriptor::digest)
        .containsExactly(digestOf("layer-a"), digestOf("layer-b"));
    assertThat(image.manifest().totalLayerSize()).isEqualTo(14);
    assertThat(image.config().program()).isEqualTo("/bin/web");
    assertThat(image.created()).isNotNull();
  }

  @Test
  void findsNothingForAnUnknownName() {
    assertThat(store.find("nothing")).isEmpty();
  }

  @Test
  void getNamesAnUnknownImage() {
    assertThatThrownBy(() -> store.get("nothing"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("nothing");
  }

  @Test
  void pointsATagAgainAtTheNewManifest() {
    storeImage("web", "old");
    String newer = storeImage("web", "new");

    assertThat(store.get("web").manifestDigest()).isEqualTo(newer);
  }

  @Test
  void listsImagesSortedByName() {
    storeImage("zeta", "z");
    storeImage("alpha", "a");
    storeImage("mid.v2", "m");

    assertThat(store.list())
        .extracting(ImageStore.StoredImage::name)
        .containsExactly("alpha", "mid.v2", "zeta");
  }

  @Test
  void listsNothingBeforeTheFirstImage() {
    assertThat(store.list()).isEmpty();
  }

  @Test
  void listsOnlyFilesNamedLikeImages() throws IOException {
    storeImage("web", "w");
    Files.writeString(home.resolve("images/.tmp-123.part"), "half written");

    assertThat(store.list()).extracting(ImageStore.StoredImage::name).containsExactly("web");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Web", "-web", ".web", "a/b", "..", "web image"})
  void rejectsInvalidNames(String name) {
    assertThatThrownBy(() -> store.tag(name, KERNEL_DIGEST))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("not a valid image name");
  }

  @Test
  void acceptsNamesWithDotsDashesAndUnderscores() {
    assertThat(ImageStore.requireValidName("web-1.2_final")).isEqualTo("web-1.2_final");
  }

  @Test
  void removesTheTagAndEveryBlobOfAnUnsharedImage() {
    String manifest = storeImage("web", "only-web");
    ImageStore.StoredImage image = store.get("web");

    store.remove("web");

    assertThat(store.find("web")).isEmpty();
    assertThat(blobs.contains(manifest)).isFalse();
    assertThat(blobs.contains(image.manifest().config().digest())).isFalse();
    assertThat(blobs.contains(digestOf("only-web"))).isFalse();
  }

  @Test
  void keepsTheBlobsAnotherImageStillUses() {
    storeImage("web", "shared-libraries", "web-program");
    storeImage("api", "shared-libraries", "api-program");

    store.remove("web");

    assertThat(blobs.contains(digestOf("shared-libraries"))).as("shared layer").isTrue();
    assertThat(blobs.contains(digestOf("web-program"))).as("web's own layer").isFalse();
    assertThat(blobs.contains(digestOf("api-program"))).isTrue();
    assertThat(store.get("api").manifest().layers()).hasSize(2);
  }

  @Test
  void keepsTheBlobsOfAnotherNameForTheSameManifest() {
    String manifest = storeImage("web", "layer");
    store.tag("web-latest", manifest);

    store.remove("web");

    assertThat(blobs.contains(manifest)).isTrue();
    assertThat(store.get("web-latest").manifest().layers()).hasSize(1);
  }

  @Test
  void refusesToRemoveAnUnknownImage() {
    assertThatThrownBy(() -> store.remove("nothing"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("nothing");
  }

  @Test
  void reportsAnImageWhoseManifestBlobIsMissing() {
    String manifest = storeImage("web", "layer");
    blobs.delete(manifest);

    assertThatThrownBy(() -> store.get("web")).isInstanceOf(OpsException.class);
  }

  @Test
  void reportsAnImageWhoseTagIsDamaged() throws IOException {
    storeImage("web", "layer");
    Files.writeString(home.resolve("images/web"), "not a digest");

    assertThatThrownBy(() -> store.get("web"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("damaged");
  }
}
