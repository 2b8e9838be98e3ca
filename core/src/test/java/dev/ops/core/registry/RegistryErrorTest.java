package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RegistryErrorTest {

  @Test
  void theSpecsErrorBody_givesEachCodeMessageAndDetail() {
    String body =
        "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\",\"message\":\"blob unknown to registry\","
            + "\"detail\":{\"digest\":\"sha256:ab\"}},"
            + "{\"code\":\"DENIED\",\"message\":\"no\",\"detail\":\"read only\"}]}";

    assertThat(RegistryError.parse(body.getBytes(StandardCharsets.UTF_8)))
        .containsExactly(
            new RegistryError(
                "BLOB_UNKNOWN", "blob unknown to registry", "{\"digest\":\"sha256:ab\"}"),
            new RegistryError("DENIED", "no", "read only"));
  }

  @Test
  void anErrorWithoutDetail_printsAsCodeAndMessage() {
    String body = "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository unknown\"}]}";

    assertThat(RegistryError.parse(body.getBytes(StandardCharsets.UTF_8)))
        .singleElement()
        .hasToString("NAME_UNKNOWN: repository unknown");
  }

  @Test
  void bodiesThatAreNotTheSpecsJson_giveNoErrors() {
    assertThat(RegistryError.parse("<html>502 Bad Gateway</html>".getBytes())).isEmpty();
    assertThat(RegistryError.parse("{\"message\":\"x\"}".getBytes())).isEmpty();
    assertThat(RegistryError.parse(new byte[0])).isEmpty();
    assertThat(RegistryError.parse(null)).isEmpty();
  }
}
