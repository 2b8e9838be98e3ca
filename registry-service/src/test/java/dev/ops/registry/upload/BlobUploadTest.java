package dev.ops.registry.upload;

import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.randomBytes;
import static dev.ops.registry.support.Registry.startUpload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.registry.support.Database;
import dev.ops.registry.support.Names;
import dev.ops.registry.support.RawHttp;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import dev.ops.registry.support.Storage;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class BlobUploadTest {

  private static final int MAX_BLOB = 32 * 1024 * 1024;

  @Test
  void monolithicUpload_postThenPut_storesTheBlobAtItsDigest() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(300_000, 1);
    String location = startUpload(repository);

    Response put =
        pusher()
            .queryParam("digest", digest(content))
            .contentType("application/octet-stream")
            .body(content)
            .put(location);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(put.header("Location")).isEqualTo("/v2/" + repository + "/blobs/" + digest(content));
    assertThat(put.header("Docker-Content-Digest")).isEqualTo(digest(content));
    assertThat(pull(repository, digest(content))).isEqualTo(content);
    assertThat(Storage.blobFile(digest(content))).exists().hasBinaryContent(content);
  }

  @Test
  void monolithicUpload_singlePostWithDigest_storesTheBlob() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(70_000, 2);

    Response post =
        pusher()
            .queryParam("digest", digest(content))
            .contentType("application/octet-stream")
            .body(content)
            .post("/v2/" + repository + "/blobs/uploads/");

    assertThat(post.statusCode()).isEqualTo(201);
    assertThat(post.header("Docker-Content-Digest")).isEqualTo(digest(content));
    assertThat(pull(repository, digest(content))).isEqualTo(content);
  }

  @Test
  void emptyBlob_canBePushedWithOnePostAndPulled() {
    String repository = Names.repository("upload");
    String empty = digest(new byte[0]);

    pusher()
        .queryParam("digest", empty)
        .post("/v2/" + repository + "/blobs/uploads/")
        .then()
        .statusCode(201);

    assertThat(given().head("/v2/" + repository + "/blobs/" + empty).header("Content-Length"))
        .isEqualTo("0");
  }

  @Test
  void postWithoutDigest_startsAnUploadWithLocationRangeAndUuid() {
    Response post = pusher().post("/v2/" + Names.repository("upload") + "/blobs/uploads/");

    assertThat(post.statusCode()).isEqualTo(202);
    assertThat(post.header("Location"))
        .matches("/v2/upload/r[0-9a-f]+/blobs/uploads/[0-9a-f-]{36}");
    assertThat(post.header("Range")).isEqualTo("0-0");
    assertThat(post.header("Docker-Upload-UUID")).hasSize(36);
  }

  @Test
  void chunkedUpload_patchesThenPut_reportsProgressAndStoresTheBlob() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(250_000, 3);
    String location = startUpload(repository);

    location =
        patch(location, content, 0, 100_000)
            .then()
            .statusCode(202)
            .header("Range", "0-99999")
            .extract()
            .header("Location");
    location =
        patch(location, content, 100_000, 200_000)
            .then()
            .statusCode(202)
            .header("Range", "0-199999")
            .extract()
            .header("Location");
    location =
        patch(location, content, 200_000, 250_000)
            .then()
            .statusCode(202)
            .header("Range", "0-249999")
            .extract()
            .header("Location");
    Response put = pusher().queryParam("digest", digest(content)).put(location);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(pull(repository, digest(content))).isEqualTo(content);
  }

  @Test
  void chunkedUpload_canSendTheLastChunkWithThePut() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(90_000, 4);
    String location = startUpload(repository);
    patch(location, content, 0, 50_000).then().statusCode(202);

    Response put =
        pusher()
            .queryParam("digest", digest(content))
            .header("Content-Range", "50000-89999")
            .contentType("application/octet-stream")
            .body(Arrays.copyOfRange(content, 50_000, 90_000))
            .put(location);

    assertThat(put.statusCode()).isEqualTo(201);
    assertThat(pull(repository, digest(content))).isEqualTo(content);
  }

  @Test
  void chunkedUpload_streamedWithoutContentRange_isAppended() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(40_000, 5);
    String location = startUpload(repository);

    pusher()
        .contentType("application/octet-stream")
        .body(Arrays.copyOfRange(content, 0, 10_000))
        .patch(location)
        .then()
        .statusCode(202);
    pusher()
        .contentType("application/octet-stream")
        .body(Arrays.copyOfRange(content, 10_000, 40_000))
        .patch(location)
        .then()
        .statusCode(202)
        .header("Range", "0-39999");

    pusher().queryParam("digest", digest(content)).put(location).then().statusCode(201);
    assertThat(pull(repository, digest(content))).isEqualTo(content);
  }

  @Test
  void chunkOutOfOrder_isRefusedWith416AndTheCurrentRange() {
    String location = startUpload(Names.repository("upload"));
    byte[] content = randomBytes(20_000, 6);
    patch(location, content, 0, 10_000).then().statusCode(202);

    Response repeated = patch(location, content, 0, 10_000);
    Response skipping = patch(location, content, 15_000, 20_000);

    assertError(repeated, 416, "BLOB_UPLOAD_INVALID");
    assertThat(repeated.header("Range")).isEqualTo("0-9999");
    assertThat(repeated.header("Location")).isEqualTo(location);
    assertError(skipping, 416, "BLOB_UPLOAD_INVALID");
  }

  @Test
  void uploadStatus_afterAConnectionDiesMidChunk_letsTheClientResume() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(200_000, 7);
    String location = startUpload(repository);
    patch(location, content, 0, 60_000).then().statusCode(202);

    RawHttp.sendTruncated("PATCH", location, 140_000, Arrays.copyOfRange(content, 60_000, 100_000));

    Response status = pusher().get(location);
    assertThat(status.statusCode()).isEqualTo(204);
    assertThat(status.header("Range")).as("only whole chunks count").isEqualTo("0-59999");
    // The registry may still be noticing the dead connection: like a client, retry the chunk.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> patch(location, content, 60_000, 200_000).statusCode() == 202);
    pusher().queryParam("digest", digest(content)).put(location).then().statusCode(201);
    assertThat(pull(repository, digest(content))).isEqualTo(content);
  }

  @Test
  void digestMismatch_isRefusedAndLeavesNothingBehind() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(10_000, 8);
    String claimed = digest("something else".getBytes());
    String location = startUpload(repository);

    Response put =
        pusher()
            .queryParam("digest", claimed)
            .contentType("application/octet-stream")
            .body(content)
            .put(location);

    assertError(put, 400, "DIGEST_INVALID");
    assertThat(put.jsonPath().getString("errors[0].detail.actual")).isEqualTo(digest(content));
    assertNothingLeft(location, claimed, digest(content));
  }

  @Test
  void truncatedMonolithicUpload_failsItsDigestCheckAndLeavesNothingBehind() {
    String repository = Names.repository("upload");
    byte[] content = randomBytes(50_000, 9);
    String location = startUpload(repository);
    patch(location, content, 0, 30_000).then().statusCode(202);

    Response put = pusher().queryParam("digest", digest(content)).put(location);

    assertError(put, 400, "DIGEST_INVALID");
    assertNothingLeft(location, digest(content), digest(Arrays.copyOf(content, 30_000)));
  }

  @Test
  void blobOverTheSizeLimit_declaredUpFront_isRefusedWith413AndLeavesNothing() {
    String location = startUpload(Names.repository("upload"));
    String digest = digest(randomBytes(10, 12));

    String answer =
        RawHttp.exchange(
            "PUT",
            location + "?digest=" + digest,
            "Authorization: Bearer " + Registry.PUSH_TOKEN,
            "Content-Length: " + (MAX_BLOB + 1L));

    assertThat(answer).startsWith("HTTP/1.1 413").contains("SIZE_INVALID");
    assertNothingLeft(location, digest, digest);
  }

  @Test
  void blobOverTheSizeLimit_streamedWithoutLength_isCutOffWith413AndLeavesNothing()
      throws Exception {
    String location = startUpload(Names.repository("upload"));
    byte[] tooMuch = new byte[MAX_BLOB + 1024 * 1024];
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + io.restassured.RestAssured.port + location))
            .header("Authorization", "Bearer " + Registry.PUSH_TOKEN)
            .method(
                "PATCH",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooMuch)))
            .timeout(Duration.ofSeconds(30))
            .build();

    int status;
    try {
      status =
          HttpClient.newHttpClient()
              .send(request, HttpResponse.BodyHandlers.ofString())
              .statusCode();
    } catch (java.io.IOException e) {
      // The registry may close the connection before the client finishes sending.
      status = 413;
    }

    assertThat(status).isEqualTo(413);
    String uuid = location.substring(location.lastIndexOf('/') + 1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(Storage.uploadFile(location)).doesNotExist();
              assertThat(
                      Database.count(
                          "select count(*) from upload_session where id::text = ?", uuid))
                  .isZero();
            });
  }

  @Test
  void cancel_removesTheSessionAndItsBytes() {
    String location = startUpload(Names.repository("upload"));
    patch(location, randomBytes(5_000, 10), 0, 5_000).then().statusCode(202);

    pusher().delete(location).then().statusCode(204);

    assertError(pusher().get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(Storage.uploadFile(location)).doesNotExist();
  }

  @Test
  void unknownOrForeignUpload_isBlobUploadUnknown() {
    String location = startUpload(Names.repository("upload"));
    String uuid = location.substring(location.lastIndexOf('/') + 1);

    assertError(
        pusher().get("/v2/upload/elsewhere/blobs/uploads/" + uuid), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(pusher().get("/v2/upload/x/blobs/uploads/not-a-uuid"), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
        pusher().patch("/v2/upload/x/blobs/uploads/" + java.util.UUID.randomUUID()),
        404,
        "BLOB_UPLOAD_UNKNOWN");
  }

  @Test
  void completion_withoutOrWithBadDigest_isDigestInvalid() {
    String location = startUpload(Names.repository("upload"));

    assertError(pusher().put(location), 400, "DIGEST_INVALID");
    assertError(pusher().queryParam("digest", "sha256:XYZ").put(location), 400, "DIGEST_INVALID");
    Response sha512 = pusher().queryParam("digest", "sha512:" + "ab".repeat(64)).put(location);
    assertError(sha512, 400, "DIGEST_INVALID");
    assertThat(sha512.jsonPath().getString("errors[0].message")).contains("only sha256");
  }

  @Test
  void identicalBlobs_inSeveralRepositories_areStoredOnce() {
    byte[] content = randomBytes(64_000, 11);
    String first = Names.repository("dedup");
    String second = Names.repository("dedup");

    Registry.pushBlob(first, content);
    Registry.pushBlob(second, content);

    assertThat(pull(second, digest(content))).isEqualTo(content);
    assertThat(
            Storage.files("blobs").stream()
                .filter(f -> f.getFileName().toString().equals(digest(content).substring(7))))
        .hasSize(1);
    assertThat(Database.count("select count(*) from blob where digest = ?", digest(content)))
        .isEqualTo(1);
    assertThat(
            Database.count(
                "select count(*) from repository_blob where digest = ?", digest(content)))
        .isEqualTo(2);
  }

  @Test
  void repositoryNames_thatTheSpecForbids_areNameInvalid() {
    for (String name : new String[] {"a..b", "Upper/case", "a/-b", "a/b_", "a//b", "a/.b"}) {
      assertError(pusher().post("/v2/" + name + "/blobs/uploads/"), 400, "NAME_INVALID");
    }
    String dotDot =
        RawHttp.exchange(
            "POST", "/v2/x/../y/blobs/uploads/", "Authorization: Bearer " + Registry.PUSH_TOKEN);
    assertThat(dotDot).startsWith("HTTP/1.1 400").contains("NAME_INVALID");
    assertError(pusher().post("/v2/" + "a".repeat(256) + "/blobs/uploads/"), 400, "NAME_INVALID");
  }

  private static Response patch(String location, byte[] content, int from, int to) {
    return pusher()
        .header("Content-Range", from + "-" + (to - 1))
        .contentType("application/octet-stream")
        .body(Arrays.copyOfRange(content, from, to))
        .patch(location);
  }

  private static byte[] pull(String repository, String digest) {
    return given()
        .get("/v2/" + repository + "/blobs/" + digest)
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }

  private static void assertNothingLeft(String location, String... digests) {
    assertError(pusher().get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(Storage.uploadFile(location)).doesNotExist();
    for (String digest : digests) {
      assertThat(Storage.blobFile(digest)).doesNotExist();
      assertThat(Database.count("select count(*) from blob where digest = ?", digest)).isZero();
    }
    assertThat(Files.exists(Storage.root().resolve("uploads"))).isTrue();
  }
}
