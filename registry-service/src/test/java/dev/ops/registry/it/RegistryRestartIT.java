package dev.ops.registry.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.TestPostgres;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged registry, run as real processes: after one instance crashes, two new instances on
 * the same database and storage serve everything it stored, and an upload it had started goes on
 * across both of them.
 */
class RegistryRestartIT {

  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final int MIB = 1024 * 1024;

  @TempDir Path storage;

  @Test
  void afterACrash_newInstancesSharingDatabaseAndStorage_serveImagesAndResumeUploads()
      throws Exception {
    String database = TestPostgres.newDatabase();
    byte[] config = "{\"restart\":true}".getBytes();
    byte[] layer = Registry.randomBytes(3 * MIB, 91);
    byte[] resumed = Registry.randomBytes(2 * MIB, 92);
    String manifest;
    String upload;

    try (RegistryProcess crashing = RegistryProcess.start(database, storage, "crashing")) {
      manifest = pushImage(crashing, "it/restart", config, layer);
      upload = startUpload(crashing, "it/restart");
      patch(crashing, upload, Arrays.copyOfRange(resumed, 0, MIB), 0).then().statusCode(202);
      crashing.crash();
    }

    CompletableFuture<RegistryProcess> starting = startLater(database, "second");
    try (RegistryProcess one = RegistryProcess.start(database, storage, "first");
        RegistryProcess other = starting.get()) {
      Response pulled = client(one).get("/v2/it/restart/manifests/v1");
      assertThat(pulled.header("Docker-Content-Digest")).isEqualTo(manifest);
      assertThat(client(other).get("/v2/it/restart/blobs/" + Registry.digest(layer)).asByteArray())
          .isEqualTo(layer);

      Response status = client(other).get(upload);
      assertThat(status.statusCode()).isEqualTo(204);
      assertThat(status.header("Range")).isEqualTo("0-" + (MIB - 1));
      patch(other, upload, Arrays.copyOfRange(resumed, MIB, resumed.length), MIB)
          .then()
          .statusCode(202);
      client(one).queryParam("digest", Registry.digest(resumed)).put(upload).then().statusCode(201);

      assertThat(
              client(other).get("/v2/it/restart/blobs/" + Registry.digest(resumed)).asByteArray())
          .isEqualTo(resumed);
      assertThat(client(one).get("/v2/_catalog").jsonPath().getList("repositories"))
          .contains("it/restart");
      assertLogsAreJsonLines(one.log());
    }
  }

  private CompletableFuture<RegistryProcess> startLater(String database, String name) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return RegistryProcess.start(database, storage, name);
          } catch (Exception e) {
            throw new IllegalStateException("could not start registry " + name, e);
          }
        });
  }

  private static String pushImage(
      RegistryProcess registry, String repository, byte[] config, byte[] layer) {
    for (byte[] blob : List.of(config, layer)) {
      client(registry)
          .queryParam("digest", Registry.digest(blob))
          .contentType("application/octet-stream")
          .body(blob)
          .put(startUpload(registry, repository))
          .then()
          .statusCode(201);
    }
    byte[] manifest =
        Registry.imageManifest(
            null,
            Registry.descriptor(CONFIG_TYPE, config),
            List.of(Registry.descriptor(Registry.OCI_LAYER, layer)));
    client(registry)
        .contentType(Registry.OCI_MANIFEST)
        .body(manifest)
        .put("/v2/" + repository + "/manifests/v1")
        .then()
        .statusCode(201);
    return Registry.digest(manifest);
  }

  private static String startUpload(RegistryProcess registry, String repository) {
    return client(registry)
        .post("/v2/" + repository + "/blobs/uploads/")
        .then()
        .statusCode(202)
        .extract()
        .header("Location");
  }

  private static Response patch(RegistryProcess registry, String location, byte[] chunk, long at) {
    return client(registry)
        .header("Content-Range", at + "-" + (at + chunk.length - 1))
        .contentType("application/octet-stream")
        .body(chunk)
        .patch(location);
  }

  private static RequestSpecification client(RegistryProcess registry) {
    return given().port(registry.port()).header("Authorization", "Bearer " + RegistryProcess.TOKEN);
  }

  private static void assertLogsAreJsonLines(Path log) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> lines =
        Files.readAllLines(log).stream().filter(line -> line.startsWith("{")).toList();
    assertThat(lines).as("JSON log lines in %s", log).isNotEmpty();
    assertThat(json.readTree(lines.get(lines.size() - 1)).has("message")).isTrue();
  }
}
