package dev.ops.registry.packages;

import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.pushImage;
import static dev.ops.registry.support.Registry.pusher;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class PackageIndexTest {

  private String repository;
  private String name;
  private String manifest;

  @BeforeEach
  void pushAnArtifact() {
    repository = Names.repository("packages");
    name = "py" + repository.substring(repository.lastIndexOf('/') + 2);
    manifest = pushImage(repository, "3.11", "{}".getBytes(), repository.getBytes());
  }

  @Test
  void register_thenDescribe_showsThePackageAndItsManifest() {
    Response created = register(name, "3.11", "amd64", "The Python interpreter", "python");

    assertThat(created.statusCode()).isEqualTo(201);
    Response described = given().get("/api/packages/" + name + "/3.11");
    assertThat(described.statusCode()).isEqualTo(200);
    assertThat(described.jsonPath().getString("name")).isEqualTo(name);
    assertThat(described.jsonPath().getString("architecture")).isEqualTo("amd64");
    assertThat(described.jsonPath().getString("language")).isEqualTo("python");
    assertThat(described.jsonPath().getString("repository")).isEqualTo(repository);
    assertThat(described.jsonPath().getString("digest")).isEqualTo(manifest);
  }

  @Test
  void registeringAgain_updatesTheEntry() {
    register(name, "3.11", "amd64", "old", "python");

    Response updated = register(name, "3.11", "amd64", "new words", "python");

    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.jsonPath().getString("description")).isEqualTo("new words");
  }

  @Test
  void registerWithPost_takesNameAndVersionFromTheBody() {
    Map<String, Object> body = body("Posted package", "c");
    body.put("name", name);
    body.put("version", "1.0");

    pusher()
        .contentType("application/json")
        .body(body)
        .post("/api/packages")
        .then()
        .statusCode(201);

    given().get("/api/packages/" + name + "/1.0").then().statusCode(200);
  }

  @Test
  void search_matchesNameOrDescriptionIgnoringCase_andFilters() {
    register(name, "3.11", "amd64", "A Snake Interpreter", "python");
    register(name, "3.11", "arm64", "A Snake Interpreter", "python");
    register(name, "3.12", "amd64", "A Snake Interpreter", "python");

    List<String> byDescription =
        given()
            .queryParam("search", "snake INTERP")
            .get("/api/packages")
            .jsonPath()
            .getList("name");
    List<String> arm =
        given()
            .queryParam("search", name)
            .queryParam("architecture", "arm64")
            .get("/api/packages")
            .jsonPath()
            .getList("version");
    List<String> versions = given().get("/api/packages/" + name).jsonPath().getList("version");

    assertThat(byDescription).contains(name);
    assertThat(arm).containsExactly("3.11");
    assertThat(versions).containsExactly("3.11", "3.11", "3.12");
    assertThat(
            given()
                .queryParam("search", name)
                .queryParam("language", "rust")
                .get("/api/packages")
                .jsonPath()
                .getList("name"))
        .isEmpty();
  }

  @Test
  void unknownPackages_arePackageUnknown() {
    assertError(given().get("/api/packages/" + name), 404, "PACKAGE_UNKNOWN");
    assertError(given().get("/api/packages/" + name + "/9"), 404, "PACKAGE_UNKNOWN");
    assertError(pusher().delete("/api/packages/" + name + "/9"), 404, "PACKAGE_UNKNOWN");
  }

  @Test
  void registration_ofAMissingManifest_isManifestUnknown() {
    Map<String, Object> body = body("nothing", "c");
    body.put("reference", "no-such-tag");

    Response response =
        pusher().contentType("application/json").body(body).put("/api/packages/" + name + "/1");

    assertError(response, 404, "MANIFEST_UNKNOWN");
  }

  @Test
  void malformedRegistrations_arePackageInvalid() {
    assertError(
        pusher()
            .contentType("application/json")
            .body(body("x", "c"))
            .put("/api/packages/Bad Name/1"),
        400,
        "PACKAGE_INVALID");
    Map<String, Object> noReference = body("x", "c");
    noReference.remove("reference");
    assertError(
        pusher()
            .contentType("application/json")
            .body(noReference)
            .put("/api/packages/" + name + "/1"),
        400,
        "PACKAGE_INVALID");
  }

  @Test
  void delete_removesTheEntry_andDeletingTheManifestRemovesItsEntries() {
    register(name, "3.11", "amd64", "d", "python");
    register(name, "3.11", "arm64", "d", "python");

    pusher()
        .queryParam("architecture", "arm64")
        .delete("/api/packages/" + name + "/3.11")
        .then()
        .statusCode(204);
    assertThat(given().get("/api/packages/" + name).jsonPath().getList("architecture"))
        .containsExactly("amd64");
    pusher().delete("/v2/" + repository + "/manifests/" + manifest).then().statusCode(202);

    assertError(given().get("/api/packages/" + name), 404, "PACKAGE_UNKNOWN");
  }

  private Response register(
      String packageName,
      String version,
      String architecture,
      String description,
      String language) {
    Map<String, Object> body = body(description, language);
    body.put("architecture", architecture);
    return pusher()
        .contentType("application/json")
        .body(body)
        .put("/api/packages/" + packageName + "/" + version);
  }

  private Map<String, Object> body(String description, String language) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("description", description);
    body.put("language", language);
    body.put("repository", repository);
    body.put("reference", "3.11");
    return body;
  }
}
