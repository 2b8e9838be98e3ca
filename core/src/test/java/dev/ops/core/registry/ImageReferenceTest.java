package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void hostPortRepositoryAndTag_areSplitAsDockerDoes() {
    ImageReference reference = ImageReference.parse("localhost:5050/hello:latest");

    assertThat(reference.registry()).isEqualTo("localhost:5050");
    assertThat(reference.repository()).isEqualTo("hello");
    assertThat(reference.tag()).isEqualTo("latest");
    assertThat(reference.digest()).isNull();
    assertThat(reference.reference()).isEqualTo("latest");
    assertThat(reference).hasToString("localhost:5050/hello:latest");
  }

  @Test
  void nestedRepositories_andHostsWithDots_areKept() {
    ImageReference reference = ImageReference.parse("registry.example.com/team/web/api:v1.2-rc_3");

    assertThat(reference.registry()).isEqualTo("registry.example.com");
    assertThat(reference.repository()).isEqualTo("team/web/api");
    assertThat(reference.tag()).isEqualTo("v1.2-rc_3");
    assertThat(reference.lastComponent()).isEqualTo("api");
  }

  @Test
  void aDigest_isTheReferenceEvenWithATag() {
    ImageReference byDigest = ImageReference.parse("localhost:5050/hello@" + DIGEST);
    ImageReference both = ImageReference.parse("localhost:5050/hello:v1@" + DIGEST);

    assertThat(byDigest.tag()).as("no tag is made up").isNull();
    assertThat(byDigest.reference()).isEqualTo(DIGEST);
    assertThat(both.tag()).isEqualTo("v1");
    assertThat(both.reference()).isEqualTo(DIGEST);
    assertThat(both).hasToString("localhost:5050/hello:v1@" + DIGEST);
  }

  @Test
  void noTag_meansLatest() {
    assertThat(ImageReference.parse("localhost/hello").tag()).isEqualTo("latest");
  }

  @Test
  void noHost_meansTheDefaultRegistry_whenTheFirstComponentIsNoHost() {
    ImageReference reference =
        ImageReference.parse("team/hello:v2", Optional.of("registry.local:5050"));

    assertThat(reference.registry()).isEqualTo("registry.local:5050");
    assertThat(reference.repository()).isEqualTo("team/hello");
  }

  @Test
  void noHost_andNoDefault_failsSayingHowToConfigureOne() {
    assertThatThrownBy(() -> ImageReference.parse("hello:v1"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("names no registry")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("OPS_REGISTRY"));
  }

  @Test
  void ipv6Hosts_areAccepted() {
    assertThat(ImageReference.parse("[::1]:5050/hello").registry()).isEqualTo("[::1]:5050");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:5050/Hello",
        "localhost:5050/hello/",
        "localhost:5050/../etc",
        "localhost:5050/a//b",
        "localhost:5050/-a",
        "localhost:5050/a--b.",
        "localhost:5050/hello:-tag",
        "localhost:5050/hello:",
        "localhost:5050/hello@sha256:short",
        "localhost:5050/hello@md5:abc",
        "bad_host:5050/hello",
        ""
      })
  void namesTheSpecForbids_areRefusedWithAReason(String text) {
    assertThatThrownBy(() -> ImageReference.parse(text, Optional.of("localhost:5050")))
        .isInstanceOf(OpsException.class)
        .satisfies(e -> assertThat(((OpsException) e).hint()).isNotBlank());
  }

  @Test
  void separatorsTheSpecAllows_areAccepted() {
    assertThat(ImageReference.parse("localhost/a.b_c__d---e/f:T_1.x").repository())
        .isEqualTo("a.b_c__d---e/f");
  }

  @Test
  void namesLongerThanRegistriesAccept_areRefused() {
    String longName = "a".repeat(250);

    assertThatThrownBy(() -> ImageReference.parse("localhost:5050/" + longName))
        .hasMessageContaining("too long");
  }

  @Test
  void tagsAreLimitedTo128Characters() {
    assertThat(ImageReference.parse("localhost/a:" + "t".repeat(128)).tag()).hasSize(128);
    assertThatThrownBy(() -> ImageReference.parse("localhost/a:" + "t".repeat(129)))
        .hasMessageContaining("not a valid tag");
  }
}
