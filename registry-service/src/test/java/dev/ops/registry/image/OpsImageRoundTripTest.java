package dev.ops.registry.image;

import static dev.ops.registry.support.Registry.OCI_MANIFEST;
import static dev.ops.registry.support.Registry.OPS_CONFIG;
import static dev.ops.registry.support.Registry.OPS_IMAGE;
import static dev.ops.registry.support.Registry.OPS_LAYER;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.json;
import static dev.ops.registry.support.Registry.pusher;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;
import org.junit.jupiter.api.Test;

/**
 * Pushes and pulls an ops image (an OCI manifest with the ops artifact type, an ops config and newc
 * cpio layers) the way the ops client does: ask whether each blob is there, upload what is missing,
 * put the manifest; then pull by tag and check every digest.
 */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class OpsImageRoundTripTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void opsImage_pushedLikeTheClient_isPulledBackByteForByte() throws IOException {
    String repository = Names.repository("ops/images");
    byte[] base = cpio(Map.of("init", "#!init".getBytes(), "etc/hostname", "hello\n".getBytes()));
    byte[] program = cpio(Map.of("bin/hello", Registry.randomBytes(200_000, 71)));
    byte[] config = config();

    int uploaded = push(repository, "1.0", config, List.of(base, program));
    int uploadedAgain = push(Names.repository("ops/images"), "1.0", config, List.of(base, program));
    int repushed = push(repository, "1.1", config, List.of(base, program));

    assertThat(uploaded).isEqualTo(3);
    assertThat(uploadedAgain).as("another repository mounts nothing but uploads all").isEqualTo(3);
    assertThat(repushed).as("blobs the registry has are skipped").isZero();
    JsonNode manifest = pullManifest(repository, "1.0");
    assertThat(manifest.path("artifactType").asText()).isEqualTo(OPS_IMAGE);
    assertThat(pullBlob(repository, manifest.path("config"))).isEqualTo(config);
    List<Map<String, byte[]>> layers = new ArrayList<>();
    for (JsonNode layer : manifest.path("layers")) {
      layers.add(entries(pullBlob(repository, layer)));
    }
    assertThat(layers.get(0)).containsKeys("init", "etc/hostname");
    assertThat(layers.get(1).get("bin/hello")).isEqualTo(Registry.randomBytes(200_000, 71));
  }

  /** Pushes an image as ops does and returns how many blobs it had to upload. */
  private static int push(String repository, String tag, byte[] config, List<byte[]> layers) {
    int uploads = 0;
    List<byte[]> blobs = new ArrayList<>(layers);
    blobs.add(0, config);
    for (byte[] blob : blobs) {
      int head = pusher().head("/v2/" + repository + "/blobs/" + digest(blob)).statusCode();
      if (head == 404) {
        Registry.pushBlob(repository, blob);
        uploads++;
      }
    }
    Registry.pushManifest(repository, tag, OCI_MANIFEST, manifest(config, layers));
    return uploads;
  }

  private static byte[] manifest(byte[] config, List<byte[]> layers) {
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Map<String, Object> layer = Registry.descriptor(OPS_LAYER, layers.get(i));
      layer.put("annotations", Map.of("dev.ops.layer.name", "layer-" + i));
      descriptors.add(layer);
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    manifest.put("artifactType", OPS_IMAGE);
    manifest.put("config", Registry.descriptor(OPS_CONFIG, config));
    manifest.put("layers", descriptors);
    manifest.put("annotations", Map.of("dev.ops.kernel.name", "minimal-6.1"));
    return json(manifest);
  }

  private static byte[] config() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("program", "/bin/hello");
    config.put("args", List.of("hello"));
    config.put("env", Map.of("GREETING", "Hello"));
    config.put("kernelName", "minimal-6.1");
    config.put("minimumMemoryMib", 32);
    config.put("layers", List.of("layer-0", "layer-1"));
    return json(config);
  }

  private static JsonNode pullManifest(String repository, String tag) throws IOException {
    var response = given().accept(OCI_MANIFEST).get("/v2/" + repository + "/manifests/" + tag);
    byte[] body = response.asByteArray();
    assertThat(response.header("Docker-Content-Digest")).isEqualTo(digest(body));
    return MAPPER.readTree(body);
  }

  private static byte[] pullBlob(String repository, JsonNode descriptor) {
    String digest = descriptor.path("digest").asText();
    byte[] blob = given().get("/v2/" + repository + "/blobs/" + digest).asByteArray();
    assertThat(digest(blob)).isEqualTo(digest);
    assertThat(blob).hasSize(descriptor.path("size").asInt());
    return blob;
  }

  /** A newc cpio archive with sorted entries, fixed times and owners, as ops builds layers. */
  private static byte[] cpio(Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (CpioArchiveOutputStream out =
        new CpioArchiveOutputStream(bytes, CpioConstants.FORMAT_NEW)) {
      for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
        CpioArchiveEntry entry = new CpioArchiveEntry(CpioConstants.FORMAT_NEW, file.getKey());
        entry.setMode(CpioConstants.C_ISREG | 0755);
        entry.setSize(file.getValue().length);
        entry.setTime(0);
        out.putArchiveEntry(entry);
        out.write(file.getValue());
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> entries(byte[] archive) throws IOException {
    Map<String, byte[]> entries = new TreeMap<>();
    try (CpioArchiveInputStream in =
        new CpioArchiveInputStream(new ByteArrayInputStream(archive))) {
      for (CpioArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
