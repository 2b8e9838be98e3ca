package dev.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.events.DeadLetter;
import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.InvalidEventException;
import dev.ops.events.topic.Topics;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One line per event: for people, its time, short type, subject and data fields; for scripts
 * ({@code --json}), the CloudEvent in structured JSON, one per line, flushed as it comes.
 */
final class EventPrinter {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final String TYPE_PREFIX = "dev.ops.";

  private final boolean json;
  private final String typePrefix;
  private final EventCodec codec = new EventCodec();
  private final ObjectMapper mapper = new ObjectMapper();
  private final EventFormat structured =
      EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
  private final PrintStream out = System.out;

  EventPrinter(boolean json, String typePrefix) {
    this.json = json;
    this.typePrefix = typePrefix;
  }

  void print(ConsumerRecord<String, byte[]> record) {
    if (record.topic().equals(Topics.DEAD_LETTER.name())) {
      DeadLetter.read(record).ifPresent(letter -> printDeadLetter(record, letter));
      return;
    }
    try {
      Event<?> event = codec.decode(record);
      if (typePrefix == null || event.type().type().startsWith(typePrefix)) {
        out.println(json ? structuredJson(event) : humanLine(event));
        out.flush();
      }
    } catch (InvalidEventException e) {
      System.err.printf(
          "ops: skipped record %s-%d@%d: %s%n",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  private String structuredJson(Event<?> event) {
    return new String(structured.serialize(codec.toCloudEvent(event)), StandardCharsets.UTF_8);
  }

  private String humanLine(Event<?> event) {
    String type = event.type().type().replaceFirst("^" + TYPE_PREFIX, "");
    return TIME.format(event.time()) + "  " + type + "  " + event.subject() + "  " + fields(event);
  }

  /** The data's fields as {@code name=value}, the entity id left out since it is the subject. */
  private String fields(Event<?> event) {
    JsonNode data = readTree(codec.writePayload(event.payload()));
    StringBuilder line = new StringBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isTextual() && field.getValue().asText().equals(event.subject())) {
        continue;
      }
      String value =
          field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString();
      line.append(line.length() == 0 ? "" : " ").append(field.getKey()).append('=').append(value);
    }
    return line.toString();
  }

  private void printDeadLetter(ConsumerRecord<String, byte[]> record, DeadLetter letter) {
    if (typePrefix != null) {
      return;
    }
    if (json) {
      Map<String, Object> line = Map.of("deadLetter", letter, "key", String.valueOf(record.key()));
      out.println(write(line));
    } else {
      out.printf(
          "%s  dead letter  %s  from %s-%d@%d, refused by %s: %s (%s)%n",
          TIME.format(Instant.ofEpochMilli(record.timestamp())),
          record.key(),
          letter.topic(),
          letter.partition(),
          letter.offset(),
          letter.consumer(),
          letter.reason(),
          letter.message());
    }
    out.flush();
  }

  private JsonNode readTree(byte[] bytes) {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("an event's own data does not read back", e);
    }
  }

  private String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
