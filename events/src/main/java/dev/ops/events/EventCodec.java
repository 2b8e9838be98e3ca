package dev.ops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.events.InvalidEventException.Reason;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns events into CloudEvents and Kafka records in binary mode ({@code ce_*} headers, JSON value)
 * and back. Decoding is strict and says why it refused a record, so the consumer can dead-letter it
 * with that reason. Thread-safe.
 */
public final class EventCodec {

  /** The content type of every event's data. */
  public static final String JSON = "application/json";

  private final ObjectMapper json = EventJson.mapper();

  public ProducerRecord<String, byte[]> toRecord(Event<?> event) {
    return KafkaMessageFactory.createWriter(event.type().topic().name(), event.subject())
        .writeBinary(toCloudEvent(event));
  }

  public CloudEvent toCloudEvent(Event<?> event) {
    return CloudEventBuilder.v1()
        .withId(event.id())
        .withSource(event.source())
        .withType(event.type().type())
        .withSubject(event.subject())
        .withTime(event.time().atOffset(ZoneOffset.UTC))
        .withDataContentType(JSON)
        .withData(writePayload(event.payload()))
        .build();
  }

  /**
   * Reads a record of any ops topic, in binary or structured mode.
   *
   * @throws InvalidEventException when it is not an ops event that this contract can read
   */
  public Event<?> decode(ConsumerRecord<String, byte[]> record) throws InvalidEventException {
    if (record.value() == null) {
      throw new InvalidEventException(
          Reason.MISSING_DATA,
          "the record has no value (a tombstone); only "
              + EventType.INSTANCE_STATE.topic().name()
              + " carries tombstones, and its consumers check for them before decoding");
    }
    Event<?> event = fromCloudEvent(readCloudEvent(record));
    if (!Objects.equals(record.key(), event.subject())) {
      throw new InvalidEventException(
          Reason.KEY_MISMATCH,
          "record key '" + record.key() + "' is not the entity id '" + event.subject() + "'");
    }
    return event;
  }

  public Event<?> fromCloudEvent(CloudEvent cloudEvent) throws InvalidEventException {
    checkAttributes(cloudEvent);
    EventType type = typeOf(cloudEvent);
    EventPayload payload = readPayload(type, dataOf(cloudEvent));
    if (!payload.key().equals(cloudEvent.getSubject())) {
      throw new InvalidEventException(
          Reason.KEY_MISMATCH,
          "subject '" + cloudEvent.getSubject() + "' is not the entity id '" + payload.key() + "'");
    }
    return new Event<>(
        cloudEvent.getId(), cloudEvent.getSource(), cloudEvent.getTime().toInstant(), payload);
  }

  /** The JSON of a payload exactly as it goes into an event's data. */
  public byte[] writePayload(EventPayload payload) {
    try {
      return json.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      // Every payload is a plain record of strings, numbers and lists; this is a bug.
      throw new UncheckedIOException("could not write " + payload.getClass().getName(), e);
    }
  }

  /** Reads one type's data, as strictly as {@link #decode} does. */
  public EventPayload readPayload(EventType type, byte[] data) throws InvalidEventException {
    JsonNode tree = readTree(type, data);
    try {
      EventPayload payload = json.treeToValue(tree, type.payloadType());
      if (payload == null) {
        throw new InvalidEventException(Reason.INVALID_PAYLOAD, type.type() + " data is null");
      }
      return payload;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidEventException(
          Reason.INVALID_PAYLOAD, "data does not fit " + type.type() + ": " + describe(e), e);
    }
  }

  private JsonNode readTree(EventType type, byte[] data) throws InvalidEventException {
    try {
      return json.readTree(data);
    } catch (IOException e) {
      throw new InvalidEventException(
          Reason.MALFORMED_JSON, type.type() + " data is not well-formed JSON: " + describe(e), e);
    }
  }

  private static CloudEvent readCloudEvent(ConsumerRecord<String, byte[]> record)
      throws InvalidEventException {
    try {
      return KafkaMessageFactory.createReader(record).toEvent();
    } catch (CloudEventRWException e) {
      if (e.getKind() == CloudEventRWException.CloudEventRWExceptionKind.INVALID_SPEC_VERSION) {
        throw new InvalidEventException(
            Reason.UNSUPPORTED_SPEC_VERSION, e.getMessage() + "; publish CloudEvents 1.0", e);
      }
      throw notACloudEvent(e);
    } catch (IllegalStateException e) {
      throw notACloudEvent(e);
    }
  }

  private static InvalidEventException notACloudEvent(RuntimeException e) {
    return new InvalidEventException(
        Reason.NOT_A_CLOUDEVENT,
        "not a CloudEvent (binary mode needs ce_specversion, ce_id, ce_source and ce_type"
            + " headers): "
            + e.getMessage(),
        e);
  }

  private static void checkAttributes(CloudEvent cloudEvent) throws InvalidEventException {
    if (cloudEvent.getSpecVersion() != SpecVersion.V1) {
      throw new InvalidEventException(
          Reason.UNSUPPORTED_SPEC_VERSION,
          "CloudEvents " + cloudEvent.getSpecVersion() + " is not supported; publish 1.0");
    }
    requireAttribute(cloudEvent.getTime(), "time");
    requireAttribute(cloudEvent.getSubject(), "subject");
    String contentType = cloudEvent.getDataContentType();
    if (contentType == null || !isJson(contentType)) {
      throw new InvalidEventException(
          Reason.UNSUPPORTED_CONTENT_TYPE,
          "data content type must be " + JSON + ", was " + contentType);
    }
  }

  private static boolean isJson(String contentType) {
    String mediaType = contentType.split(";", 2)[0].strip();
    return mediaType.equalsIgnoreCase(JSON);
  }

  private static void requireAttribute(Object value, String name) throws InvalidEventException {
    if (value == null) {
      throw new InvalidEventException(
          Reason.MISSING_ATTRIBUTE, "the CloudEvents attribute '" + name + "' is required");
    }
  }

  private static EventType typeOf(CloudEvent cloudEvent) throws InvalidEventException {
    return EventType.fromType(cloudEvent.getType())
        .orElseThrow(
            () ->
                new InvalidEventException(
                    Reason.UNKNOWN_TYPE,
                    "unknown event type '"
                        + cloudEvent.getType()
                        + "'; this consumer reads the types listed in docs/events.md"));
  }

  private static byte[] dataOf(CloudEvent cloudEvent) throws InvalidEventException {
    CloudEventData data = cloudEvent.getData();
    if (data == null) {
      throw new InvalidEventException(Reason.MISSING_DATA, cloudEvent.getType() + " has no data");
    }
    return data.toBytes();
  }

  /** Jackson's message without its excerpt of the input, and where in the data it went wrong. */
  private static String describe(Exception e) {
    String where = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
    Throwable cause = e;
    while (cause.getCause() instanceof IllegalArgumentException) {
      cause = cause.getCause();
    }
    String message =
        cause instanceof JsonProcessingException jackson
            ? jackson.getOriginalMessage()
            : cause.getMessage();
    String what = Objects.requireNonNullElse(message, cause.getClass().getSimpleName());
    return where.isEmpty() ? what : "at " + where + ": " + what;
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference step : e.getPath()) {
      if (step.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
      } else if (step.getIndex() >= 0) {
        path.append('[').append(step.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
