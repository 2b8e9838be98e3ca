package dev.ops.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The documented example data of each event type, as shipped in the jar. */
final class Examples {

  private Examples() {}

  static byte[] of(EventType type) {
    try (InputStream in = EventType.class.getResourceAsStream(type.exampleResource())) {
      if (in == null) {
        throw new AssertionError("no example for " + type.type() + " at " + type.exampleResource());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <P extends EventPayload> P payload(EventType type, Class<P> payloadType) {
    try {
      return payloadType.cast(new EventCodec().readPayload(type, of(type)));
    } catch (InvalidEventException e) {
      throw new AssertionError("the example of " + type.type() + " is invalid: " + e.getMessage());
    }
  }
}
