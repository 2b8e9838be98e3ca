package dev.ops.events;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/**
 * One event: the CloudEvents attributes ops uses and its payload. The {@code type} and {@code
 * subject} follow from the payload, so they cannot disagree with it.
 *
 * @param id unique per event; a redelivered record carries the same id
 * @param source who published it, as a URI reference such as {@code /ops/runner/kvm-01}
 * @param time when it happened
 * @param payload the data
 * @param <P> the payload's record type
 */
public record Event<P extends EventPayload>(String id, URI source, Instant time, P payload) {

  public Event {
    Require.text(id, "id");
    Require.present(source, "source");
    Require.present(time, "time");
    Require.present(payload, "payload");
    EventType.of(payload);
  }

  /** A new event happening now, with a random id. */
  public static <P extends EventPayload> Event<P> of(URI source, P payload) {
    return new Event<>(UUID.randomUUID().toString(), source, Instant.now(), payload);
  }

  public EventType type() {
    return EventType.of(payload);
  }

  /** The entity id: the CloudEvents {@code subject} and the Kafka record key. */
  public String subject() {
    return payload.key();
  }
}
