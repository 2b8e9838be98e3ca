package dev.ops.events;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings every publisher of ops events uses, whatever its client: idempotent, so a
 * retried send is written once and in order, and {@code acks=all}, so an acknowledged event
 * survives the loss of a broker.
 */
public final class ProducerSettings {

  /** The settings that make delivery reliable; callers may not weaken them. */
  public static final Map<String, String> RELIABLE =
      Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");

  private ProducerSettings() {}

  /**
   * {@code settings} with {@link #RELIABLE} added.
   *
   * @throws IllegalArgumentException when {@code settings} contradicts one of them
   */
  public static Map<String, Object> reliable(Map<String, ?> settings) {
    Map<String, Object> merged = new HashMap<>(settings);
    RELIABLE.forEach(
        (name, value) -> {
          Object given = merged.putIfAbsent(name, value);
          if (given != null && !given.toString().equals(value)) {
            throw new IllegalArgumentException(
                "ops events need " + name + "=" + value + ", not " + given + "; remove " + name);
          }
        });
    return merged;
  }
}
