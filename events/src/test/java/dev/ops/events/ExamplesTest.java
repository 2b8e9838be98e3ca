package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The examples are the contract outside producers and consumers write against: the Java types must
 * read each one and write it back exactly, and docs/events.md must show it unchanged.
 */
class ExamplesTest {

  private static final Path EVENTS_DOC = Path.of("..", "docs", "events.md");
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);

  private final EventCodec codec = new EventCodec();
  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldWriteBackExactlyTheExampleItRead(EventType type) throws Exception {
    byte[] example = Examples.of(type);

    EventPayload payload = codec.readPayload(type, example);
    byte[] written = codec.writePayload(payload);

    assertThat(payload).isInstanceOf(type.payloadType());
    assertThat(json.readTree(written)).as("%s written back", type.type()).isEqualTo(tree(example));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void shouldShowEveryExampleUnchangedInTheEventsDocument(EventType type) throws IOException {
    String document = Files.readString(EVENTS_DOC);
    String section = sectionOf(document, type);

    assertThat(jsonBlocks(section))
        .as("JSON blocks under the heading of %s in %s", type.type(), EVENTS_DOC)
        .contains(tree(Examples.of(type)));
  }

  private JsonNode tree(byte[] json) throws IOException {
    return this.json.readTree(json);
  }

  private static String sectionOf(String document, EventType type) {
    String heading = "### `" + type.type() + "`";
    int start = document.indexOf(heading);
    assertThat(start).as("heading %s in %s", heading, EVENTS_DOC).isNotNegative();
    int end = document.indexOf("\n### ", start + heading.length());
    return document.substring(start, end < 0 ? document.length() : end);
  }

  private List<JsonNode> jsonBlocks(String section) throws IOException {
    List<JsonNode> blocks = new ArrayList<>();
    Matcher matcher = JSON_BLOCK.matcher(section);
    while (matcher.find()) {
      blocks.add(json.readTree(matcher.group(1)));
    }
    return blocks;
  }
}
