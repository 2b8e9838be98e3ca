package dev.ops.registry.blob;

import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.digest;
import static dev.ops.registry.support.Registry.pushBlob;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.randomBytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class BlobPullTest {

  private static final int SIZE = 100_000;

  private String repository;
  private byte[] content;
  private String digest;

  @BeforeEach
  void pushABlob() {
    repository = Names.repository("pull");
    content = randomBytes(SIZE, 21);
    digest = pushBlob(repository, content);
  }

  @Test
  void head_givesSizeDigestAndRangeSupport_withoutABody() {
    Response head = given().head(url());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(SIZE));
    assertThat(head.header("Docker-Content-Digest")).isEqualTo(digest);
    assertThat(head.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(head.asByteArray()).isEmpty();
  }

  @Test
  void get_returnsTheBytesWithTheirDigest() {
    Response get = given().get(url());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.header("Docker-Content-Digest")).isEqualTo(digest);
    assertThat(get.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(get.asByteArray()).isEqualTo(content);
  }

  @Test
  void get_withRange_returnsPartialContent() {
    Response middle = given().header("Range", "bytes=10-19").get(url());
    Response tail = given().header("Range", "bytes=99990-").get(url());
    Response suffix = given().header("Range", "bytes=-5").get(url());
    Response pastEnd = given().header("Range", "bytes=99000-200000").get(url());

    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.header("Content-Range")).isEqualTo("bytes 10-19/" + SIZE);
    assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 10, 20));
    assertThat(tail.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 99_990, SIZE));
    assertThat(suffix.asByteArray()).isEqualTo(Arrays.copyOfRange(content, SIZE - 5, SIZE));
    assertThat(pastEnd.header("Content-Range")).isEqualTo("bytes 99000-99999/" + SIZE);
  }

  @Test
  void get_withUnsatisfiableRange_is416WithTheBlobSize() {
    Response response = given().header("Range", "bytes=" + SIZE + "-").get(url());

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.header("Content-Range")).isEqualTo("bytes */" + SIZE);
  }

  @Test
  void blobOfAnotherRepository_isUnknownHere() {
    String other = Names.repository("pull");
    pushBlob(other, "unrelated".getBytes());

    assertError(given().get("/v2/" + other + "/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertError(given().get("/v2/pull/never-pushed/blobs/" + digest), 404, "BLOB_UNKNOWN");
    assertThat(given().head("/v2/" + other + "/blobs/" + digest).statusCode()).isEqualTo(404);
  }

  @Test
  void malformedDigest_isDigestInvalid() {
    assertError(given().get("/v2/" + repository + "/blobs/sha256:1234"), 400, "DIGEST_INVALID");
  }

  @Test
  void delete_unlinksTheBlobFromThisRepositoryOnly() {
    String other = Names.repository("pull");
    pushBlob(other, content);

    pusher().delete(url()).then().statusCode(202);

    assertError(given().get(url()), 404, "BLOB_UNKNOWN");
    assertError(pusher().delete(url()), 404, "BLOB_UNKNOWN");
    assertThat(given().get("/v2/" + other + "/blobs/" + digest(content)).asByteArray())
        .isEqualTo(content);
  }

  private String url() {
    return "/v2/" + repository + "/blobs/" + digest;
  }
}
