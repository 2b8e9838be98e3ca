package dev.ops.registry.gc;

import static dev.ops.registry.support.Registry.OCI_LAYER;
import static dev.ops.registry.support.Registry.OCI_MANIFEST;
import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.descriptor;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.imageManifest;
import static dev.ops.registry.support.Registry.pushBlob;
import static dev.ops.registry.support.Registry.pushImage;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.putManifest;
import static dev.ops.registry.support.Registry.randomBytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.registry.support.Database;
import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import dev.ops.registry.support.Storage;
import dev.ops.registry.upload.UploadGate;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class GarbageCollectionTest {

  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";

  @Test
  void unreferencedBlob_isCollectedOnceItsGracePeriodIsOver() {
    String repository = Names.repository("gc");
    byte[] content = randomBytes(10_000, 61);
    String digest = pushBlob(repository, content);

    collect("PT1H", null);
    given().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200);
    Response report = collect("PT0S", null);

    assertThat(report.jsonPath().getInt("blobsRemoved")).isGreaterThanOrEqualTo(1);
    assertError(given().get("/v2/" + repository + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertThat(Storage.blobFile(digest)).doesNotExist();
    assertThat(Database.count("select count(*) from blob where digest = ?", digest)).isZero();
  }

  @Test
  void blobsOfAManifest_surviveCollection() {
    String repository = Names.repository("gc");
    byte[] layer = randomBytes(10_000, 62);
    pushImage(repository, "v1", "{}".getBytes(), layer);

    collect("PT0S", "PT0S");

    assertThat(given().get("/v2/" + repository + "/blobs/" + digest(layer)).asByteArray())
        .isEqualTo(layer);
    given().get("/v2/" + repository + "/manifests/v1").then().statusCode(200);
  }

  @Test
  void blobsOfADeletedManifest_areCollectedUnlessAnotherRepositoryUsesThem() {
    String deleted = Names.repository("gc");
    String kept = Names.repository("gc");
    byte[] sharedLayer = randomBytes(10_000, 63);
    byte[] ownLayer = randomBytes(10_000, 64);
    String manifest = pushImage(deleted, "v1", "{\"gc\":1}".getBytes(), ownLayer);
    pushBlob(deleted, sharedLayer);
    byte[] withShared =
        imageManifest(
            null,
            descriptor(CONFIG_TYPE, "{\"gc\":1}".getBytes()),
            List.of(descriptor(OCI_LAYER, ownLayer), descriptor(OCI_LAYER, sharedLayer)));
    Registry.pushManifest(deleted, "v2", OCI_MANIFEST, withShared);
    pushImage(kept, "v1", "{\"gc\":2}".getBytes(), sharedLayer);

    pusher().delete("/v2/" + deleted + "/manifests/" + manifest).then().statusCode(202);
    pusher().delete("/v2/" + deleted + "/manifests/" + digest(withShared)).then().statusCode(202);
    collect("PT0S", null);

    assertThat(Storage.blobFile(digest(ownLayer))).doesNotExist();
    assertThat(Storage.blobFile(digest(sharedLayer))).exists();
    assertThat(given().get("/v2/" + kept + "/blobs/" + digest(sharedLayer)).asByteArray())
        .isEqualTo(sharedLayer);
    assertError(
        given().get("/v2/" + deleted + "/blobs/" + digest(sharedLayer)), 404, "BLOB_UNKNOWN");
  }

  @Test
  void abandonedUpload_isRemovedWithItsBytes_afterItsExpiry() {
    String location = Registry.startUpload(Names.repository("gc"));
    pusher()
        .contentType("application/octet-stream")
        .body(randomBytes(1_000, 65))
        .patch(location)
        .then()
        .statusCode(202);

    collect("PT1H", "PT1H");
    pusher().get(location).then().statusCode(204);
    collect("PT1H", "PT0S");

    assertError(pusher().get(location), 404, "BLOB_UPLOAD_UNKNOWN");
    assertThat(Storage.uploadFile(location)).doesNotExist();
  }

  @Test
  void uploadBetweenChunks_survivesCollectionAndCompletes() {
    String repository = Names.repository("gc");
    byte[] content = randomBytes(20_000, 66);
    String location = Registry.startUpload(repository);
    patch(location, Arrays.copyOfRange(content, 0, 10_000));

    collect("PT0S", "PT1H");
    patch(location, Arrays.copyOfRange(content, 10_000, 20_000));
    pusher().queryParam("digest", digest(content)).put(location).then().statusCode(201);

    assertThat(given().get("/v2/" + repository + "/blobs/" + digest(content)).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void uploadStillStreaming_isNotExpiredEvenWithZeroExpiry() throws Exception {
    String repository = Names.repository("gc");
    byte[] content = randomBytes(300_000, 67);
    String location = Registry.startUpload(repository);
    CountDownLatch halfSent = new CountDownLatch(1);
    CountDownLatch collected = new CountDownLatch(1);
    InputStream slowBody = new HeldBackStream(content, 150_000, halfSent, collected);
    HttpRequest patch =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + location))
            .header("Authorization", "Bearer " + Registry.PUSH_TOKEN)
            .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> slowBody))
            .build();
    CompletableFuture<HttpResponse<String>> streaming =
        HttpClient.newHttpClient().sendAsync(patch, HttpResponse.BodyHandlers.ofString());

    assertThat(halfSent.await(10, TimeUnit.SECONDS)).isTrue();
    UUID upload = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    UploadGate gate = Arc.container().instance(UploadGate.class).get();
    await().atMost(Duration.ofSeconds(10)).until(() -> gate.writing().contains(upload));
    collect("PT0S", "PT0S");
    collected.countDown();

    assertThat(streaming.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
    pusher().queryParam("digest", digest(content)).put(location).then().statusCode(201);
    assertThat(given().get("/v2/" + repository + "/blobs/" + digest(content)).asByteArray())
        .isEqualTo(content);
  }

  @Test
  void pushesRacingCollections_neverLeaveAManifestWithoutItsBlobs() throws Exception {
    String repository = Names.repository("gc-race");
    byte[] config = "{\"race\":true}".getBytes();
    byte[] layer = randomBytes(50_000, 68);
    byte[] manifest =
        imageManifest(null, descriptor(CONFIG_TYPE, config), List.of(descriptor(OCI_LAYER, layer)));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger collections = new AtomicInteger();
    CompletableFuture<Void> collector =
        CompletableFuture.runAsync(
            () -> {
              while (!stop.get()) {
                collect("PT0S", null);
                collections.incrementAndGet();
              }
            });

    int pushed = 0;
    int refused = 0;
    Instant end = Instant.now().plusSeconds(4);
    while (Instant.now().isBefore(end)) {
      pushBlob(repository, config);
      pushBlob(repository, layer);
      Response put = putManifest(repository, "v1", OCI_MANIFEST, manifest);
      if (put.statusCode() == 201) {
        pushed++;
        assertPullable(repository, layer);
        pusher()
            .delete("/v2/" + repository + "/manifests/" + digest(manifest))
            .then()
            .statusCode(202);
      } else {
        // The collector may take blobs between their upload and the manifest: a clean refusal.
        assertError(put, 400, "MANIFEST_BLOB_UNKNOWN");
        refused++;
      }
    }
    stop.set(true);
    collector.get(30, TimeUnit.SECONDS);

    assertThat(collections.get()).isGreaterThan(1);
    assertThat(pushed + refused).isGreaterThan(1);
    boolean recorded =
        Database.count("select count(*) from blob where digest = ?", digest(layer)) > 0;
    assertThat(Files.exists(Storage.blobFile(digest(layer))))
        .as("a recorded blob has its file, an unrecorded one has none")
        .isEqualTo(recorded);
    Registry.pushImage(repository, "final", config, layer);
    collect("PT0S", null);
    assertPullable(repository, layer);
  }

  @Test
  void strayBlobFile_withoutARecord_isRemoved() throws Exception {
    byte[] stray = randomBytes(100, 69);
    Path file = Storage.blobFile(digest(stray));
    Files.createDirectories(file.getParent());
    Files.write(file, stray);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));

    Response report = collect("PT1S", null);

    assertThat(report.jsonPath().getInt("strayFilesRemoved")).isGreaterThanOrEqualTo(1);
    assertThat(file).doesNotExist();
  }

  @Test
  void collection_needsAPushToken_andValidDurations() {
    given().post("/admin/gc").then().statusCode(401);
    assertThat(pusher().queryParam("blobGracePeriod", "soon").post("/admin/gc").statusCode())
        .isEqualTo(400);
  }

  private static void assertPullable(String repository, byte[] layer) {
    byte[] pulled = given().get("/v2/" + repository + "/blobs/" + digest(layer)).asByteArray();
    assertThat(pulled).as("a blob of a pushed manifest").isEqualTo(layer);
  }

  private static Response collect(String blobGracePeriod, String uploadExpiry) {
    var request = pusher().queryParam("blobGracePeriod", blobGracePeriod);
    if (uploadExpiry != null) {
      request = request.queryParam("uploadExpiry", uploadExpiry);
    }
    Response response = request.post("/admin/gc");
    if (response.statusCode() == 409) {
      // Another collection is running (the race test's collector): wait for it, then run ours.
      return retry(() -> collect(blobGracePeriod, uploadExpiry));
    }
    assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
    return response;
  }

  private static Response retry(java.util.function.Supplier<Response> again) {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return again.get();
  }

  private static void patch(String location, byte[] chunk) {
    pusher()
        .contentType("application/octet-stream")
        .body(chunk)
        .patch(location)
        .then()
        .statusCode(202);
  }

  /** Sends the first part of its bytes, then waits until the test lets it send the rest. */
  private static final class HeldBackStream extends InputStream {
    private final byte[] content;
    private final int holdAt;
    private final CountDownLatch reachedHold;
    private final CountDownLatch release;
    private int position;

    HeldBackStream(byte[] content, int holdAt, CountDownLatch reachedHold, CountDownLatch release) {
      this.content = content;
      this.holdAt = holdAt;
      this.reachedHold = reachedHold;
      this.release = release;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == holdAt) {
        reachedHold.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (position >= content.length) {
        return -1;
      }
      int limit = position < holdAt ? holdAt : content.length;
      int count = Math.min(length, limit - position);
      System.arraycopy(content, position, buffer, offset, count);
      position += count;
      return count;
    }
  }
}
