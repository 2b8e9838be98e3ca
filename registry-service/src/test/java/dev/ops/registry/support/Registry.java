package dev.ops.registry.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small OCI client for tests: pushes blobs and manifests the way registry clients do. */
public final class Registry {

  public static final String PUSH_TOKEN = "push-secret";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
  public static final String OPS_IMAGE = "application/vnd.ops.image.v1";
  public static final String OPS_CONFIG = "application/vnd.ops.image.config.v1+json";
  public static final String OPS_LAYER = "application/vnd.ops.image.layer.v1.cpio";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Registry() {}

  /** A request carrying the push token. */
  public static RequestSpecification pusher() {
    return given().header("Authorization", "Bearer " + PUSH_TOKEN);
  }

  public static String digest(byte[] content) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return "sha256:" + HexFormat.of().formatHex(sha256.digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** Starts an upload and returns its Location. */
  public static String startUpload(String repository) {
    return pusher()
        .post("/v2/" + repository + "/blobs/uploads/")
        .then()
        .statusCode(202)
        .extract()
        .header("Location");
  }

  /** Pushes a blob monolithically (POST, then PUT with the bytes); returns its digest. */
  public static String pushBlob(String repository, byte[] content) {
    String digest = digest(content);
    pusher()
        .queryParam("digest", digest)
        .contentType("application/octet-stream")
        .body(content)
        .put(startUpload(repository))
        .then()
        .statusCode(201)
        .header("Docker-Content-Digest", digest);
    return digest;
  }

  public static Response putManifest(
      String repository, String reference, String mediaType, byte[] manifest) {
    return pusher()
        .contentType(mediaType)
        .body(manifest)
        .put("/v2/" + repository + "/manifests/" + reference);
  }

  /** Pushes a manifest and returns its digest. */
  public static String pushManifest(
      String repository, String reference, String mediaType, byte[] manifest) {
    String digest = digest(manifest);
    putManifest(repository, reference, mediaType, manifest)
        .then()
        .statusCode(201)
        .header("Docker-Content-Digest", digest);
    return digest;
  }

  public static Map<String, Object> descriptor(String mediaType, byte[] content) {
    Map<String, Object> descriptor = new LinkedHashMap<>();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest(content));
    descriptor.put("size", content.length);
    return descriptor;
  }

  /** An OCI image manifest over a config and layers, with an optional artifact type. */
  public static byte[] imageManifest(
      String artifactType, Map<String, Object> config, List<Map<String, Object>> layers) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", OCI_MANIFEST);
    if (artifactType != null) {
      manifest.put("artifactType", artifactType);
    }
    manifest.put("config", config);
    manifest.put("layers", new ArrayList<>(layers));
    return json(manifest);
  }

  /** Pushes a small OCI image (one config, one layer) and returns the manifest's digest. */
  public static String pushImage(String repository, String tag, byte[] config, byte[] layer) {
    pushBlob(repository, config);
    pushBlob(repository, layer);
    byte[] manifest =
        imageManifest(
            null,
            descriptor("application/vnd.oci.image.config.v1+json", config),
            List.of(descriptor(OCI_LAYER, layer)));
    return pushManifest(repository, tag, OCI_MANIFEST, manifest);
  }

  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that a response is the specification's error document with this code. */
  public static void assertError(Response response, int status, String code) {
    assertThat(response.statusCode())
        .as("HTTP status of %s", response.asString())
        .isEqualTo(status);
    assertThat(response.jsonPath().getString("errors[0].code")).isEqualTo(code);
    assertThat(response.jsonPath().getString("errors[0].message")).isNotBlank();
  }
}
