package dev.ops.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsConfigReaderTest {

  private static final Path FILE = Path.of("config.json");

  private static OpsConfig parse(String json) {
    return OpsConfigReader.parse(FILE, json);
  }

  @Test
  void readsEverySupportedKey() {
    OpsConfig config =
        parse(
            """
            {
              "Program": "bin/server",
              "Args": ["--port", 8080],
              "Env": {"MODE": "prod", "WORKERS": 4},
              "Files": ["conf/app.toml"],
              "Dirs": ["static"],
              "MapDirs": {"assets/*.png": "/srv/img"},
              "NameServers": ["1.1.1.1"],
              "RunConfig": {"Memory": "512m", "CPUs": 2, "Ports": ["8080", "2222:22"]}
            }
            """);

    assertThat(config)
        .isEqualTo(
            new OpsConfig(
                "bin/server",
                List.of("--port", "8080"),
                Map.of("MODE", "prod", "WORKERS", "4"),
                List.of("conf/app.toml"),
                List.of("static"),
                Map.of("assets/*.png", "/srv/img"),
                List.of("1.1.1.1"),
                512,
                2,
                List.of("8080", "2222:22")));
  }

  @Test
  void keepsTheOrderOfEnvironmentVariables() {
    OpsConfig config = parse("{\"Env\": {\"Z\": \"1\", \"A\": \"2\", \"M\": \"3\"}}");

    assertThat(config.env().keySet()).containsExactly("Z", "A", "M");
  }

  @Test
  void leavesAbsentKeysAsNotGiven() {
    assertThat(parse("{}")).isEqualTo(OpsConfig.empty());
  }

  @Test
  void tellsAnEmptyListFromAnAbsentOne() {
    OpsConfig config = parse("{\"Args\": []}");

    assertThat(config.args()).isEmpty();
    assertThat(config.files()).isNull();
  }

  @Test
  void rejectsAnUnknownTopLevelKeyNamingIt() {
    assertThatThrownBy(() -> parse("{\"Program\": \"a\", \"Klibs\": [\"gpu\"]}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("unknown key 'Klibs'")
        .hasMessageContaining("config.json");
  }

  @Test
  void rejectsAnUnknownRunConfigKeyNamingIt() {
    assertThatThrownBy(() -> parse("{\"RunConfig\": {\"Memory\": \"1G\", \"Vga\": true}}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("unknown key 'RunConfig.Vga'");
  }

  @Test
  void namesTheKnownKeysWhenRefusingOne() {
    assertThatThrownBy(() -> parse("{\"program\": \"a\"}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("Program")
        .satisfies(e -> assertThat(((OpsException) e).hint()).isNotBlank());
  }

  @Test
  void refusesBaseVolumeSzExplainingWhy() {
    assertThatThrownBy(() -> parse("{\"BaseVolumeSz\": \"100m\"}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("BaseVolumeSz")
        .hasMessageContaining("in memory")
        .hasMessageContaining("remove the key");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Program\": 5}                         | Program must be a string",
        "{\"Args\": \"--verbose\"}                | Args must be a list of strings",
        "{\"Files\": [[\"nested\"]]}              | Files must be a list of strings",
        "{\"Env\": [\"A=1\"]}                     | Env must be an object",
        "{\"Env\": {\"A\": {\"nested\": 1}}}      | Env.A must be a string",
        "{\"MapDirs\": \"x\"}                     | MapDirs must be an object",
        "{\"RunConfig\": [1]}                     | RunConfig must be an object",
        "{\"RunConfig\": {\"CPUs\": 0}}           | RunConfig.CPUs must be a positive whole number",
        "{\"RunConfig\": {\"CPUs\": \"two\"}}     | RunConfig.CPUs must be a positive whole number",
        "{\"RunConfig\": {\"Ports\": \"8080\"}}   | Ports must be a list of strings"
      })
  void rejectsWrongTypesNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(message);
  }

  @Test
  void rejectsAFractionalNumberOfCpus() {
    assertThatThrownBy(() -> parse("{\"RunConfig\": {\"CPUs\": 1.5}}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("RunConfig.CPUs");
  }

  @Test
  void rejectsANullEnvironmentValue() {
    assertThatThrownBy(() -> parse("{\"Env\": {\"DEBUG\": null}}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("Env.DEBUG");
  }

  @Test
  void rejectsInvalidJson() {
    assertThatThrownBy(() -> parse("{\"Program\": "))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsJsonThatIsNotAnObject() {
    assertThatThrownBy(() -> parse("[\"Program\"]"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("must be a JSON object");
  }

  @Test
  void rejectsAnEmptyFile() {
    assertThatThrownBy(() -> parse("")).isInstanceOf(OpsException.class);
  }

  @ParameterizedTest(name = "{0} is {1} MiB")
  @CsvSource({"\"256m\", 256", "\"512M\", 512", "\"1G\", 1024", "\"2g\", 2048", "2048, 2048"})
  void readsMemoryInItsUsualForms(String memory, int mib) {
    OpsConfig config = parse("{\"RunConfig\": {\"Memory\": " + memory + "}}");

    assertThat(config.memoryMib()).isEqualTo(mib);
  }

  @Test
  void rejectsAMemorySizeThatIsNotOne() {
    assertThatThrownBy(() -> parse("{\"RunConfig\": {\"Memory\": \"lots\"}}"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("lots");
  }

  @Test
  void readsAConfigurationFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("config.json");
    Files.writeString(file, "{\"Program\": \"server\"}");

    assertThat(OpsConfigReader.read(file).program()).isEqualTo("server");
  }

  @Test
  void namesAMissingConfigurationFile(@TempDir Path directory) {
    Path missing = directory.resolve("config.json");

    assertThatThrownBy(() -> OpsConfigReader.read(missing))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void refusesAConfigurationFileLargerThanOneMebibyte(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("config.json");
    Files.writeString(file, "{\"Args\": [\"" + "x".repeat(1 << 20) + "\"]}");

    assertThatThrownBy(() -> OpsConfigReader.read(file))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("larger than 1 MiB");
  }
}
