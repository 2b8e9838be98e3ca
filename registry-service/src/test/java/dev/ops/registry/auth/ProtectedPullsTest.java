package dev.ops.registry.auth;

import static dev.ops.registry.support.Registry.assertError;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ProtectedPullsTest.PullToken.class)
@WithTestResource(RegistryTestResource.class)
class ProtectedPullsTest {

  /** The registry with pulls protected by a token. */
  public static class PullToken implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("ops.registry.pull-token", "pull-secret");
    }
  }

  @Test
  void pulls_withoutToken_areUnauthorizedWithPullScope() {
    String repository = Names.repository("private");
    String digest = Registry.pushBlob(repository, "secret".getBytes(StandardCharsets.UTF_8));

    Response blob = given().get("/v2/" + repository + "/blobs/" + digest);

    assertError(blob, 401, "UNAUTHORIZED");
    assertThat(blob.header("WWW-Authenticate"))
        .contains("scope=\"repository:" + repository + ":pull\"");
    assertError(
        given().header("Authorization", "Bearer anonymous").get("/v2/"), 401, "UNAUTHORIZED");
    assertError(given().get("/v2/_catalog"), 401, "UNAUTHORIZED");
    assertError(given().get("/v2/" + repository + "/tags/list"), 401, "UNAUTHORIZED");
    assertError(given().get("/api/packages"), 401, "UNAUTHORIZED");
  }

  @Test
  void pulls_withPullTokenOrPushToken_succeed() {
    String repository = Names.repository("private");
    String digest = Registry.pushBlob(repository, "shared".getBytes(StandardCharsets.UTF_8));

    given()
        .header("Authorization", "Bearer pull-secret")
        .get("/v2/" + repository + "/blobs/" + digest)
        .then()
        .statusCode(200);
    Registry.pusher().get("/v2/" + repository + "/blobs/" + digest).then().statusCode(200);
  }

  @Test
  void push_withPullToken_isDenied() {
    Response response =
        given()
            .header("Authorization", "Bearer pull-secret")
            .post("/v2/" + Names.repository("private") + "/blobs/uploads/");

    assertError(response, 403, "DENIED");
  }

  @Test
  void tokenEndpoint_refusesAnonymousPulls() {
    assertError(
        given().queryParam("scope", "repository:a/b:pull").get("/v2/token"), 401, "UNAUTHORIZED");
  }
}
