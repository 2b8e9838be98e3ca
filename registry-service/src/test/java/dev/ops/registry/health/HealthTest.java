package dev.ops.registry.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class HealthTest {

  @Test
  void readiness_isUpWithStorageAndDatabaseChecks() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body(
            "checks.name",
            hasItems("blob-storage", "Reactive PostgreSQL connections health check"));
  }

  @Test
  void liveness_isUp() {
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }
}
