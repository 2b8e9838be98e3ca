package dev.ops.registry.tag;

import static dev.ops.registry.support.Registry.assertError;
import static dev.ops.registry.support.Registry.pushImage;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.registry.support.Names;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class TagListTest {

  private String repository;

  @BeforeEach
  void pushFiveTags() {
    repository = Names.repository("tags");
    byte[] config = "{}".getBytes();
    for (String tag : List.of("v2", "v10", "latest", "V1", "1.0")) {
      pushImage(repository, tag, config, ("layer " + tag).getBytes());
    }
  }

  @Test
  void list_withoutN_returnsAllTagsInLexicalOrder() {
    Response list = given().get("/v2/" + repository + "/tags/list");

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.jsonPath().getString("name")).isEqualTo(repository);
    assertThat(list.jsonPath().getList("tags")).containsExactly("1.0", "V1", "latest", "v10", "v2");
    assertThat(list.header("Link")).isNull();
  }

  @Test
  void list_withN_pagesWithLinkHeadersUntilTheEnd() {
    Response first = given().queryParam("n", 2).get("/v2/" + repository + "/tags/list");
    Response second = given().urlEncodingEnabled(false).get(next(first));
    Response third = given().urlEncodingEnabled(false).get(next(second));

    assertThat(first.jsonPath().getList("tags")).containsExactly("1.0", "V1");
    assertThat(first.header("Link"))
        .isEqualTo("</v2/" + repository + "/tags/list?n=2&last=V1>; rel=\"next\"");
    assertThat(second.jsonPath().getList("tags")).containsExactly("latest", "v10");
    assertThat(third.jsonPath().getList("tags")).containsExactly("v2");
    assertThat(third.header("Link")).isNull();
  }

  @Test
  void list_withLast_startsAfterIt_andNZeroIsEmpty() {
    assertThat(
            given()
                .queryParam("last", "latest")
                .get("/v2/" + repository + "/tags/list")
                .jsonPath()
                .getList("tags"))
        .containsExactly("v10", "v2");
    assertThat(
            given()
                .queryParam("n", 0)
                .get("/v2/" + repository + "/tags/list")
                .jsonPath()
                .getList("tags"))
        .isEmpty();
  }

  @Test
  void list_ofAnUnknownRepository_isNameUnknown() {
    assertError(given().get("/v2/tags/nobody/tags/list"), 404, "NAME_UNKNOWN");
  }

  @Test
  void list_withABadN_isRefused() {
    assertThat(given().queryParam("n", "-1").get("/v2/" + repository + "/tags/list").statusCode())
        .isEqualTo(400);
  }

  static String next(Response page) {
    String link = page.header("Link");
    assertThat(link).as("Link header").isNotNull();
    return link.substring(1, link.indexOf('>'));
  }
}
