package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySettingsTest {

  @TempDir Path home;

  private Path config(String json) throws IOException {
    return Files.writeString(home.resolve("config.json"), json);
  }

  @Test
  void nothingConfigured_meansNoDefaultRegistryAndNoToken() {
    RegistrySettings settings = RegistrySettings.load(Map.of(), home.resolve("config.json"));

    assertThat(settings.defaultRegistry()).isEmpty();
    assertThat(settings.token()).isEmpty();
  }

  @Test
  void theConfigFile_givesRegistryAndToken() throws IOException {
    Path file =
        config("{\"registry\": {\"url\": \"http://localhost:5050\", \"token\": \"t1\"}, \"x\": 1}");

    RegistrySettings settings = RegistrySettings.load(Map.of(), file);

    assertThat(settings.defaultRegistry()).contains("localhost:5050");
    assertThat(settings.baseUri("localhost:5050")).isEqualTo(URI.create("http://localhost:5050"));
    assertThat(settings.tokenFor("localhost:5050")).contains("t1");
  }

  @Test
  void theEnvironment_winsFieldByField() throws IOException {
    Path file = config("{\"registry\": {\"url\": \"http://localhost:5050\", \"token\": \"t1\"}}");

    RegistrySettings settings =
        RegistrySettings.load(Map.of("OPS_REGISTRY", "https://registry.example:8443/"), file);

    assertThat(settings.url()).contains(URI.create("https://registry.example:8443"));
    assertThat(settings.token()).contains("t1");
    assertThat(
            RegistrySettings.load(Map.of("OPS_REGISTRY_TOKEN", "t2"), file)
                .tokenFor("localhost:5050"))
        .contains("t2");
  }

  @Test
  void anAddressWithoutScheme_isPlainHttpOnlyOnThisMachine() {
    assertThat(RegistrySettings.of("localhost:5050", null).url())
        .contains(URI.create("http://localhost:5050"));
    assertThat(RegistrySettings.of("127.0.0.1:5050", null).url())
        .contains(URI.create("http://127.0.0.1:5050"));
    assertThat(RegistrySettings.of("registry.example", null).url())
        .contains(URI.create("https://registry.example"));
    assertThat(RegistrySettings.of(null, null).baseUri("other.example:5000"))
        .isEqualTo(URI.create("https://other.example:5000"));
  }

  @Test
  void theToken_goesOnlyToTheConfiguredRegistry() {
    RegistrySettings settings = RegistrySettings.of("http://localhost:5050", "secret");

    assertThat(settings.tokenFor("localhost:5050")).contains("secret");
    assertThat(settings.tokenFor("evil.example")).isEmpty();
  }

  @Test
  void referencesWithoutHost_goToTheConfiguredRegistry() {
    RegistrySettings settings = RegistrySettings.of("http://localhost:5050", null);

    assertThat(settings.parse("hello").toString()).isEqualTo("localhost:5050/hello:latest");
  }

  @Test
  void anUnknownKey_isNamedWithTheKnownOnes() throws IOException {
    Path file = config("{\"registry\": {\"adress\": \"http://localhost:5050\"}}");

    assertThatThrownBy(() -> RegistrySettings.load(Map.of(), file))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("registry.adress")
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("url and token"));
  }

  @Test
  void aFileThatIsNotJson_isReportedWithItsPathAndTheFormat() throws IOException {
    Path file = config("{registry: ");

    assertThatThrownBy(() -> RegistrySettings.load(Map.of(), file))
        .hasMessageContaining(file.toString())
        .satisfies(e -> assertThat(((OpsException) e).hint()).contains("\"registry\""));
  }

  @Test
  void addressesWithAPath_areRefused() {
    assertThatThrownBy(() -> RegistrySettings.of("http://localhost:5050/v2/", null))
        .hasMessageContaining("not a registry address");
  }
}
