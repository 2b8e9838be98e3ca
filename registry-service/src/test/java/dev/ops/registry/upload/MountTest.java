package dev.ops.registry.upload;

import static dev.ops.registry.support.Registry.pushBlob;
import static dev.ops.registry.support.Registry.pusher;
import static dev.ops.registry.support.Registry.randomBytes;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class MountTest {

  @Test
  void mount_fromARepositoryThatHasTheBlob_linksItWithoutAnUpload() {
    byte[] content = randomBytes(30_000, 31);
    String source = Names.repository("mount");
    String target = Names.repository("mount");
    String digest = pushBlob(source, content);

    Response mount =
        pusher()
            .queryParam("mount", digest)
            .queryParam("from", source)
            .post("/v2/" + target + "/blobs/uploads/");

    assertThat(mount.statusCode()).isEqualTo(201);
    assertThat(mount.header("Location")).isEqualTo("/v2/" + target + "/blobs/" + digest);
    assertThat(mount.header("Docker-Content-Digest")).isEqualTo(digest);
    assertThat(given().get("/v2/" + target + "/blobs/" + digest).asByteArray()).isEqualTo(content);
  }

  @Test
  void mount_fromARepositoryWithoutTheBlob_startsAnOrdinaryUpload() {
    String digest = Registry.digest("not pushed anywhere".getBytes());

    Response mount =
        pusher()
            .queryParam("mount", digest)
            .queryParam("from", Names.repository("mount"))
            .post("/v2/" + Names.repository("mount") + "/blobs/uploads/");

    assertThat(mount.statusCode()).isEqualTo(202);
    assertThat(mount.header("Location")).contains("/blobs/uploads/");
  }

  @Test
  void mount_withoutFrom_linksABlobTheRegistryAlreadyHas() {
    byte[] content = randomBytes(1_000, 32);
    String digest = pushBlob(Names.repository("mount"), content);
    String target = Names.repository("mount");

    pusher()
        .queryParam("mount", digest)
        .post("/v2/" + target + "/blobs/uploads/")
        .then()
        .statusCode(201);

    assertThat(given().get("/v2/" + target + "/blobs/" + digest).asByteArray()).isEqualTo(content);
  }
}
