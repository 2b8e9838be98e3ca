package dev.ops.registry.interop;

import static dev.ops.registry.support.Registry.OCI_LAYER;
import static dev.ops.registry.support.Registry.OCI_MANIFEST;
import static dev.ops.registry.support.Registry.OPS_CONFIG;
import static dev.ops.registry.support.Registry.OPS_IMAGE;
import static dev.ops.registry.support.Registry.OPS_LAYER;
import static dev.ops.registry.support.Registry.descriptor;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.imageManifest;
import static dev.ops.registry.support.Registry.json;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standard OCI client, skopeo (Debian: {@code apt-get install skopeo}), pushes, inspects, lists,
 * pulls and deletes through the registry. Skipped when skopeo is not installed.
 */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class SkopeoInteropTest {

  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path work;

  @BeforeAll
  static void skopeoIsInstalled() {
    boolean installed =
        List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
            .anyMatch(directory -> Files.isExecutable(Path.of(directory, "skopeo")));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        installed, "skopeo is not installed (apt-get install skopeo)");
  }

  @Test
  void skopeo_pushesListsPullsAndDeletesAnOciImage() throws Exception {
    byte[] config =
        ("{\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
            .getBytes(StandardCharsets.UTF_8);
    byte[] layer = Registry.randomBytes(100_000, 81);
    byte[] manifest =
        imageManifest(
            null,
            descriptor("application/vnd.oci.image.config.v1+json", config),
            List.of(descriptor(OCI_LAYER, layer)));
    Path layout = ociLayout("source", manifest, config, layer);
    String reference =
        "docker://127.0.0.1:" + RestAssured.port + "/" + Names.repository("skopeo") + ":v1";

    skopeo(
        "copy",
        "--dest-tls-verify=false",
        "--preserve-digests",
        "--dest-creds",
        "ci:" + Registry.PUSH_TOKEN,
        "oci:" + layout + ":v1",
        reference);
    String raw = skopeo("inspect", "--tls-verify=false", "--raw", reference);
    String tags =
        skopeo(
            "list-tags", "--tls-verify=false", reference.substring(0, reference.lastIndexOf(':')));
    Path pulled = work.resolve("pulled");
    skopeo(
        "copy",
        "--src-tls-verify=false",
        "--preserve-digests",
        "--dest-oci-accept-uncompressed-layers",
        reference,
        "oci:" + pulled + ":v1");
    skopeo("delete", "--tls-verify=false", "--creds", "ci:" + Registry.PUSH_TOKEN, reference);

    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(manifest);
    assertThat(tags).contains("\"v1\"");
    assertThat(pulled.resolve("blobs/sha256/" + digest(layer).substring(7)))
        .hasBinaryContent(layer);
    String path =
        reference.substring("docker://".length()).replaceFirst("^[^/]+", "").replace(":v1", "");
    given().get("/v2" + path + "/manifests/v1").then().statusCode(404);
  }

  @Test
  void skopeo_copiesAnOpsImageArtifact() throws Exception {
    byte[] config = json(Map.of("program", "/bin/hello", "args", List.of("hello")));
    byte[] layer = Registry.randomBytes(50_000, 82);
    byte[] manifest =
        imageManifest(
            OPS_IMAGE, descriptor(OPS_CONFIG, config), List.of(descriptor(OPS_LAYER, layer)));
    Path layout = ociLayout("ops", manifest, config, layer);
    String repository = Names.repository("skopeo");
    String reference = "docker://127.0.0.1:" + RestAssured.port + "/" + repository + ":1.0";

    skopeo(
        "copy",
        "--dest-tls-verify=false",
        "--preserve-digests",
        "--dest-creds",
        "ci:" + Registry.PUSH_TOKEN,
        "oci:" + layout + ":1.0",
        reference);

    assertThat(given().get("/v2/" + repository + "/manifests/1.0").asByteArray())
        .isEqualTo(manifest);
    assertThat(given().get("/v2/" + repository + "/blobs/" + digest(layer)).asByteArray())
        .isEqualTo(layer);
  }

  private Path ociLayout(String name, byte[] manifest, byte[]... blobs) throws IOException {
    Path layout = work.resolve(name);
    Path directory = Files.createDirectories(layout.resolve("blobs/sha256"));
    List<byte[]> all = new ArrayList<>(List.of(blobs));
    all.add(manifest);
    for (byte[] blob : all) {
      Files.write(directory.resolve(digest(blob).substring(7)), blob);
    }
    Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Map<String, Object> entry = new java.util.LinkedHashMap<>(descriptor(OCI_MANIFEST, manifest));
    String tag = name.equals("ops") ? "1.0" : "v1";
    entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
    Files.write(
        layout.resolve("index.json"),
        json(Map.of("schemaVersion", 2, "manifests", List.of(entry))));
    return layout;
  }

  private String skopeo(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    command.addAll(List.of(arguments));
    Path output = Files.createTempFile(work, "skopeo", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String printed = Files.readString(output);
    assertThat(finished && process.exitValue() == 0)
        .as(
            "%s exited with %s:%n%s",
            command, finished ? process.exitValue() : "a timeout", printed)
        .isTrue();
    return printed;
  }
}
