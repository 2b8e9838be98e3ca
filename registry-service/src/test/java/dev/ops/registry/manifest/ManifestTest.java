package dev.ops.registry.manifest;

import static dev.ops.registry.support.Registry.OCI_INDEX;
import static dev.ops.registry.support.Registry.OCI_LAYER;
import static dev.ops.registry.support.Registry.OCI_MANIFEST;
import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.descriptor;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.imageManifest;
import static dev.ops.registry.support.Registry.json;
import static dev.ops.registry.support.Registry.pushBlob;
import static dev.ops.registry.support.Registry.pushManifest;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.putManifest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Database;
import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class ManifestTest {

  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  private String repository;
  private byte[] config;
  private byte[] layer;
  private byte[] manifest;

  @BeforeEach
  void pushBlobs() {
    repository = Names.repository("manifest");
    config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    layer = Registry.randomBytes(5_000, 41);
    pushBlob(repository, config);
    pushBlob(repository, layer);
    manifest =
        imageManifest(null, descriptor(CONFIG_TYPE, config), List.of(descriptor(OCI_LAYER, layer)));
  }

  @Test
  void putByTag_thenGetByTagOrDigest_returnsTheSameBytesTypeAndDigest() {
    Response put = putManifest(repository, "v1", OCI_MANIFEST, manifest);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.header("Docker-Content-Digest")).isEqualTo(digest(manifest));
    assertThat(put.header("Location"))
        .isEqualTo("/v2/" + repository + "/manifests/" + digest(manifest));
    for (String reference : List.of("v1", digest(manifest))) {
      Response get =
          given().accept(OCI_MANIFEST).get("/v2/" + repository + "/manifests/" + reference);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.contentType()).isEqualTo(OCI_MANIFEST);
      assertThat(get.header("Docker-Content-Digest")).isEqualTo(digest(manifest));
      assertThat(get.asByteArray()).isEqualTo(manifest);
    }
  }

  @Test
  void head_givesTheHeadersWithoutTheBody() {
    pushManifest(repository, "v1", OCI_MANIFEST, manifest);

    Response head = given().head("/v2/" + repository + "/manifests/v1");

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(manifest.length));
    assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest(manifest));
    assertThat(head.asByteArray()).isEmpty();
  }

  @Test
  void putByDigest_storesTheManifestWithoutATag() {
    String digest = pushManifest(repository, digest(manifest), OCI_MANIFEST, manifest);

    given().get("/v2/" + repository + "/manifests/" + digest).then().statusCode(200);
    assertThat(given().get("/v2/" + repository + "/tags/list").jsonPath().getList("tags"))
        .isEmpty();
  }

  @Test
  void putByDigest_thatDoesNotMatchTheBody_isDigestInvalid() {
    Response put = putManifest(repository, digest(config), OCI_MANIFEST, manifest);

    assertError(put, 400, "DIGEST_INVALID");
  }

  @Test
  void malformedManifests_areManifestInvalid() {
    assertError(
        putManifest(repository, "bad", OCI_MANIFEST, "{not json".getBytes()),
        400,
        "MANIFEST_INVALID");
    assertError(
        putManifest(repository, "bad", OCI_MANIFEST, "[]".getBytes()), 400, "MANIFEST_INVALID");
    Map<String, Object> schema1 = new LinkedHashMap<>();
    schema1.put("schemaVersion", 1);
    schema1.put("name", repository);
    assertError(
        putManifest(repository, "bad", OCI_MANIFEST, json(schema1)), 400, "MANIFEST_INVALID");
    Map<String, Object> noSize = new LinkedHashMap<>(descriptor(OCI_LAYER, layer));
    noSize.remove("size");
    byte[] withoutSize = imageManifest(null, descriptor(CONFIG_TYPE, config), List.of(noSize));
    assertError(putManifest(repository, "bad", OCI_MANIFEST, withoutSize), 400, "MANIFEST_INVALID");
    assertThat(
            Database.count(
                "select count(*) from manifest m join repository r on r.id = m.repository_id"
                    + " where r.name = ?",
                repository))
        .isZero();
  }

  @Test
  void contentTypeThatContradictsTheManifest_isManifestInvalid() {
    Response put = putManifest(repository, "v1", OCI_INDEX, manifest);

    assertError(put, 400, "MANIFEST_INVALID");
    assertThat(put.jsonPath().getString("errors[0].message")).contains("does not match");
  }

  @Test
  void manifestReferencingAMissingBlob_isManifestBlobUnknown() {
    byte[] missing = "never pushed".getBytes();
    byte[] broken =
        imageManifest(
            null, descriptor(CONFIG_TYPE, config), List.of(descriptor(OCI_LAYER, missing)));

    Response put = putManifest(repository, "v1", OCI_MANIFEST, broken);

    assertError(put, 400, "MANIFEST_BLOB_UNKNOWN");
    assertThat(put.jsonPath().getString("errors[0].detail.digest")).isEqualTo(digest(missing));
    assertError(given().get("/v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void manifestWithAWrongBlobSize_isManifestInvalid() {
    Map<String, Object> wrongSize = new LinkedHashMap<>(descriptor(OCI_LAYER, layer));
    wrongSize.put("size", layer.length + 1);
    byte[] broken = imageManifest(null, descriptor(CONFIG_TYPE, config), List.of(wrongSize));

    Response put = putManifest(repository, "v1", OCI_MANIFEST, broken);

    assertError(put, 400, "MANIFEST_INVALID");
    assertThat(put.jsonPath().getString("errors[0].message")).contains("bytes");
  }

  @Test
  void manifestUsingABlobStoredInAnotherRepository_linksIt() {
    String other = Names.repository("manifest");

    pushManifest(other, "v1", OCI_MANIFEST, manifest);

    assertThat(given().get("/v2/" + other + "/blobs/" + digest(layer)).asByteArray())
        .isEqualTo(layer);
  }

  @Test
  void opsImage_withLayersOfAnotherType_isManifestInvalid() {
    byte[] opsConfig = "{\"program\":\"/hello\"}".getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, opsConfig);
    byte[] wrong =
        imageManifest(
            Registry.OPS_IMAGE,
            descriptor(Registry.OPS_CONFIG, opsConfig),
            List.of(descriptor(OCI_LAYER, layer)));

    Response put = putManifest(repository, "v1", OCI_MANIFEST, wrong);

    assertError(put, 400, "MANIFEST_INVALID");
    assertThat(put.jsonPath().getString("errors[0].message")).contains(Registry.OPS_LAYER);
  }

  @Test
  void index_ofManifestsInTheRepository_isAcceptedAndServed() {
    String child = pushManifest(repository, "amd64", OCI_MANIFEST, manifest);
    Map<String, Object> entry = new LinkedHashMap<>(descriptor(OCI_MANIFEST, manifest));
    entry.put("platform", Map.of("architecture", "amd64", "os", "linux"));
    byte[] index =
        json(Map.of("schemaVersion", 2, "mediaType", OCI_INDEX, "manifests", List.of(entry)));

    pushManifest(repository, "latest", OCI_INDEX, index);

    Response get = given().get("/v2/" + repository + "/manifests/latest");
    assertThat(get.contentType()).isEqualTo(OCI_INDEX);
    assertThat(get.asByteArray()).isEqualTo(index);
    assertThat(child).isEqualTo(digest(manifest));
  }

  @Test
  void index_ofAnUnknownManifest_isManifestBlobUnknown() {
    byte[] index =
        json(
            Map.of(
                "schemaVersion",
                2,
                "mediaType",
                OCI_INDEX,
                "manifests",
                List.of(descriptor(OCI_MANIFEST, manifest))));

    assertError(putManifest(repository, "latest", OCI_INDEX, index), 400, "MANIFEST_BLOB_UNKNOWN");
  }

  @Test
  void manifestWithASubject_answersWithOciSubject() {
    String subject = pushManifest(repository, "v1", OCI_MANIFEST, manifest);
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, empty);
    Map<String, Object> referrer = new LinkedHashMap<>();
    referrer.put("schemaVersion", 2);
    referrer.put("mediaType", OCI_MANIFEST);
    referrer.put("artifactType", "application/vnd.example.signature");
    referrer.put("config", descriptor(Registry.OCI_EMPTY, empty));
    referrer.put("layers", List.of(descriptor(OCI_LAYER, layer)));
    referrer.put("subject", descriptor(OCI_MANIFEST, manifest));

    Response put = putManifest(repository, digest(json(referrer)), OCI_MANIFEST, json(referrer));

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.header("OCI-Subject")).isEqualTo(subject);
  }

  /**
   * The declared size alone is refused: only the headers are sent, so the 413 cannot race the
   * client still writing a body the registry will not read.
   */
  @Test
  void manifestOverTheSizeLimit_isRefusedWith413() throws Exception {
    long tooLarge = 4L * 1024 * 1024 + 1;
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.setSoTimeout(30_000);
      String headers =
          "PUT /v2/"
              + repository
              + "/manifests/huge HTTP/1.1\r\n"
              + "Host: 127.0.0.1\r\n"
              + "Authorization: Bearer "
              + Registry.PUSH_TOKEN
              + "\r\n"
              + "Content-Type: "
              + OCI_MANIFEST
              + "\r\n"
              + "Content-Length: "
              + tooLarge
              + "\r\n\r\n";
      socket.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();

      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void deleteByTag_removesOnlyTheTag() {
    String digest = pushManifest(repository, "v1", OCI_MANIFEST, manifest);

    pusher().delete("/v2/" + repository + "/manifests/v1").then().statusCode(202);

    assertError(given().get("/v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    given().get("/v2/" + repository + "/manifests/" + digest).then().statusCode(200);
  }

  @Test
  void deleteByDigest_removesTheManifestAndItsTags() {
    String digest = pushManifest(repository, "v1", OCI_MANIFEST, manifest);

    pusher().delete("/v2/" + repository + "/manifests/" + digest).then().statusCode(202);

    assertError(given().get("/v2/" + repository + "/manifests/v1"), 404, "MANIFEST_UNKNOWN");
    assertError(given().get("/v2/" + repository + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
    assertError(
        pusher().delete("/v2/" + repository + "/manifests/" + digest), 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void pushingAgain_movesTheTagToTheNewManifest() {
    pushManifest(repository, "latest", OCI_MANIFEST, manifest);
    byte[] second =
        imageManifest(
            "application/vnd.example",
            descriptor(CONFIG_TYPE, config),
            List.of(descriptor(OCI_LAYER, layer)));

    String digest = pushManifest(repository, "latest", OCI_MANIFEST, second);

    assertThat(
            given().get("/v2/" + repository + "/manifests/latest").header("Docker-Content-Digest"))
        .isEqualTo(digest);
  }
}
