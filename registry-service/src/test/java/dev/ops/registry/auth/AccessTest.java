package dev.ops.registry.auth;

import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.pusher;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class AccessTest {

  @Test
  void versionCheck_withoutCredentials_challengesSoClientsLearnTheTokenRealm() {
    Response response = given().get("/v2/");

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer realm=");
  }

  @Test
  void versionCheck_withATokenOrTheAnonymousOne_answers200() {
    pusher().get("/v2/").then().statusCode(200);
    String anonymous =
        given()
            .queryParam("scope", "repository:a/b:pull")
            .get("/v2/token")
            .jsonPath()
            .getString("token");
    given().header("Authorization", "Bearer " + anonymous).get("/v2/").then().statusCode(200);
  }

  @Test
  void push_withoutToken_isUnauthorizedWithBearerChallenge() {
    String repository = Names.repository("auth");

    Response response = given().post("/v2/" + repository + "/blobs/uploads/");

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.header("WWW-Authenticate"))
        .startsWith("Bearer realm=\"http://")
        .contains("/v2/token\"")
        .contains("service=\"ops-registry\"")
        .contains("scope=\"repository:" + repository + ":pull,push\"");
  }

  @Test
  void push_withWrongToken_isUnauthorized() {
    Response response =
        given()
            .header("Authorization", "Bearer not-the-token")
            .post("/v2/" + Names.repository("auth") + "/blobs/uploads/");

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.jsonPath().getString("errors[0].message")).contains("not valid");
  }

  @Test
  void manifestPutAndDeletes_withoutToken_areUnauthorized() {
    String repository = Names.repository("auth");
    String digest = Registry.pushBlob(repository, "x".getBytes(StandardCharsets.UTF_8));

    assertError(
        given()
            .contentType(Registry.OCI_MANIFEST)
            .body("{}")
            .put("/v2/" + repository + "/manifests/v1"),
        401,
        "UNAUTHORIZED");
    assertError(given().delete("/v2/" + repository + "/blobs/" + digest), 401, "UNAUTHORIZED");
    assertError(given().delete("/v2/" + repository + "/manifests/v1"), 401, "UNAUTHORIZED");
  }

  @Test
  void push_acceptsEveryConfiguredTokenAndBasicCredentials() {
    String repository = Names.repository("auth");
    String basic =
        Base64.getEncoder().encodeToString("anyone:push-secret".getBytes(StandardCharsets.UTF_8));

    given()
        .header("Authorization", "Bearer second-push-secret")
        .post("/v2/" + repository + "/blobs/uploads/")
        .then()
        .statusCode(202);
    given()
        .header("Authorization", "Basic " + basic)
        .post("/v2/" + repository + "/blobs/uploads/")
        .then()
        .statusCode(202);
  }

  @Test
  void tokenEndpoint_exchangesBasicCredentialsForTheBearerToken() {
    String basic =
        Base64.getEncoder().encodeToString("ci:push-secret".getBytes(StandardCharsets.UTF_8));

    Response response =
        given()
            .header("Authorization", "Basic " + basic)
            .queryParam("service", "ops-registry")
            .queryParam("scope", "repository:a/b:pull,push")
            .get("/v2/token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.jsonPath().getString("token")).isEqualTo("push-secret");
    assertThat(response.jsonPath().getString("access_token")).isEqualTo("push-secret");
  }

  @Test
  void tokenEndpoint_refusesPushScopeWithoutCredentials() {
    Response response = given().queryParam("scope", "repository:a/b:pull,push").get("/v2/token");

    assertError(response, 401, "UNAUTHORIZED");
    assertThat(response.header("WWW-Authenticate")).startsWith("Basic ");
  }

  @Test
  void tokenEndpoint_givesAnAnonymousTokenForOpenPulls() {
    given().queryParam("scope", "repository:a/b:pull").get("/v2/token").then().statusCode(200);
  }

  @Test
  void adminAndPackageWrites_withoutToken_areUnauthorized() {
    assertError(given().post("/admin/gc"), 401, "UNAUTHORIZED");
    assertError(
        given().contentType("application/json").body("{}").put("/api/packages/hello/1.0"),
        401,
        "UNAUTHORIZED");
    given().get("/api/packages").then().statusCode(200);
  }

  @Test
  void unknownEndpointsAndMethods_getSpecErrors() {
    assertError(pusher().get("/v2/a/b/nothing/here"), 404, "UNSUPPORTED");
    Response wrongMethod = pusher().post("/v2/a/b/tags/list");
    assertError(wrongMethod, 405, "UNSUPPORTED");
    assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
  }
}
