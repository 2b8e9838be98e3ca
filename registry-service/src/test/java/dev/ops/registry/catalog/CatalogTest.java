package dev.ops.registry.catalog;

import static dev.ops.registry.support.Registry.pushImage;
import static dev.ops.registry.support.Registry.startUpload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class CatalogTest {

  @Test
  void catalog_listsRepositoriesWithManifestsInPagesOfN() {
    String prefix = Names.repository("catalog");
    List<String> pushed = List.of(prefix + "/a", prefix + "/b", prefix + "/c");
    for (String repository : pushed) {
      pushImage(repository, "v1", "{}".getBytes(), repository.getBytes());
    }
    startUpload(prefix + "/empty");

    List<String> seen = new ArrayList<>();
    Response page = given().queryParam("n", 2).queryParam("last", prefix).get("/v2/_catalog");
    for (int pages = 0; pages < 10; pages++) {
      List<String> names = page.jsonPath().getList("repositories");
      assertThat(names).hasSizeLessThanOrEqualTo(2);
      names.stream().filter(n -> n.startsWith(prefix)).forEach(seen::add);
      String link = page.header("Link");
      if (link == null || names.stream().noneMatch(n -> n.startsWith(prefix))) {
        break;
      }
      assertThat(link).startsWith("</v2/_catalog?n=2&last=").endsWith(">; rel=\"next\"");
      page = given().urlEncodingEnabled(false).get(link.substring(1, link.indexOf('>')));
    }

    assertThat(seen)
        .as("repositories without manifests are not listed")
        .containsExactlyElementsOf(pushed);
  }
}
