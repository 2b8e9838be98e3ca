package dev.ops.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InitConfigurationTest {

  /** The guest init's documentation, which is the contract for this format. */
  private static final Path GUEST_README = Path.of("../guest/README.md");

  private static InitConfiguration full() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("GREETING", "hello world");
    return new InitConfiguration()
        .program("/usr/bin/app", List.of("/usr/bin/app", "--port", "8080"))
        .environment(env)
        .network("web", List.of("1.1.1.1", "8.8.8.8"))
        .modules(List.of("/lib/modules/virtio_net.ko"))
        .layers(List.of("init", "program"), 64);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void writesTagSpaceValueRecordsEachEndedByANul() {
    String expected =
        String.join(
                "\0",
                "program /usr/bin/app",
                "arg /usr/bin/app",
                "arg --port",
                "arg 8080",
                "env PATH=/usr/bin:/bin",
                "env GREETING=hello world",
                "hostname web",
                "ip 10.0.2.15/24",
                "gateway 10.0.2.2",
                "nameserver 1.1.1.1",
                "nameserver 8.8.8.8",
                "module /lib/modules/virtio_net.ko",
                "layer init",
                "layer program",
                "min-memory-mib 64")
            + "\0";

    assertThat(text(full().toBytes())).isEqualTo(expected);
  }

  @Test
  void usesQemusNameServerWhenNoneIsGiven() {
    String records = text(new InitConfiguration().network("web", List.of()).toBytes());

    assertThat(records.split("\0")).contains("nameserver 10.0.2.3");
  }

  @Test
  void keepsSpacesNewlinesAndQuotesInValuesVerbatim() {
    String records =
        text(
            new InitConfiguration()
                .program("/app", List.of("/app", "two words", "line\nbreak", "'quoted\""))
                .toBytes());

    assertThat(records.split("\0"))
        .containsExactly(
            "program /app", "arg /app", "arg two words", "arg line\nbreak", "arg 'quoted\"");
  }

  @Test
  void keepsAnEmptyArgument() {
    String records = text(new InitConfiguration().program("/app", List.of("/app", "")).toBytes());

    assertThat(records).isEqualTo("program /app\0arg /app\0arg \0");
  }

  @Test
  void writesNothingWhenNothingWasAdded() {
    assertThat(new InitConfiguration().toBytes()).isEmpty();
  }

  @Test
  void rejectsANulInAValueNamingTheTag() {
    InitConfiguration configuration = new InitConfiguration();

    assertThatThrownBy(() -> configuration.program("/app", List.of("/app", "bad\0arg")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("arg")
        .hasMessageContaining("NUL");
  }

  @Test
  void rejectsANulInAnEnvironmentValue() {
    assertThatThrownBy(() -> new InitConfiguration().environment(Map.of("KEY", "a\0b")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("env");
  }

  @Test
  void usesOnlyTagsTheGuestReadmeDocuments() throws IOException {
    Set<String> documented = documentedTags();
    Set<String> written =
        Arrays.stream(text(full().toBytes()).split("\0"))
            .map(record -> record.substring(0, record.indexOf(' ')))
            .collect(Collectors.toSet());

    assertThat(documented).as("tags in " + GUEST_README).contains("program", "layer");
    assertThat(written).isSubsetOf(documented);
  }

  /** The tags in the first column of the README's {@code /.ops/init.conf} table. */
  private static Set<String> documentedTags() throws IOException {
    String readme = Files.readString(GUEST_README);
    String section = readme.substring(readme.indexOf("## `/.ops/init.conf`"));
    Matcher rows = Pattern.compile("(?m)^\\| `([a-z-]+)` \\|").matcher(section);
    return rows.results().map(row -> row.group(1)).collect(Collectors.toSet());
  }
}
