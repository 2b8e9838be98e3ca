package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;

/**
 * One line of an instance's console, without its line ending.
 *
 * @param instanceId the instance's id
 * @param seq the line's number in the instance's console, from 1, never reused across restarts of
 *     the same instance; a gap means lines were lost, a repeat means a redelivery to skip
 * @param stream where the line came from
 * @param text the line, decoded as UTF-8 with invalid bytes replaced
 */
public record ConsoleLine(
    String instanceId, @JsonProperty(required = true) long seq, ConsoleStream stream, String text)
    implements EventPayload {

  public ConsoleLine {
    Require.text(instanceId, "instanceId");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1, was " + seq);
    }
    Require.present(stream, "stream");
    Require.present(text, "text");
  }

  @Override
  public String key() {
    return instanceId;
  }
}
