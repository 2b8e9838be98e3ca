package dev.ops.events;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes ops events with {@link ProducerSettings#RELIABLE reliable} settings, each to its type's
 * topic, keyed by its entity id. One per process is enough: it is thread-safe. Services built on a
 * framework with its own Kafka producer use {@link EventCodec#toRecord} and the same settings
 * instead.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<String, byte[]> producer;
  private final EventCodec codec;
  private final URI source;

  /**
   * @param producer a producer configured with {@link ProducerSettings#reliable}; this publisher
   *     owns it and closes it
   * @param source the {@code source} of the events it publishes, such as {@code /ops/cli/alice}
   */
  public EventPublisher(Producer<String, byte[]> producer, EventCodec codec, URI source) {
    this.producer = producer;
    this.codec = codec;
    this.source = Require.present(source, "source");
  }

  /** A publisher with its own producer connected to {@code bootstrapServers}. */
  public static EventPublisher connect(String bootstrapServers, URI source) {
    return create(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), source);
  }

  /** A publisher with its own producer made from {@code settings} plus the reliable ones. */
  public static EventPublisher create(Map<String, ?> settings, URI source) {
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            ProducerSettings.reliable(settings), new StringSerializer(), new ByteArraySerializer());
    return new EventPublisher(producer, new EventCodec(), source);
  }

  /** Publishes {@code payload} as a new event from this publisher's source. */
  public CompletableFuture<RecordMetadata> publish(EventPayload payload) {
    return publish(Event.of(source, payload));
  }

  public CompletableFuture<RecordMetadata> publish(Event<?> event) {
    return send(codec.toRecord(event));
  }

  /** Sends a record that {@link EventCodec#decode} refused to the dead-letter topic. */
  public CompletableFuture<RecordMetadata> deadLetter(
      ConsumerRecord<String, byte[]> refused, String consumer, InvalidEventException reason) {
    return send(DeadLetter.of(refused, consumer, reason).toRecord(refused));
  }

  /** Publishes the tombstone that drops a removed instance from the compacted state topic. */
  public CompletableFuture<RecordMetadata> clearInstanceState(String instanceId) {
    Require.text(instanceId, "instanceId");
    String topic = EventType.INSTANCE_STATE.topic().name();
    return send(new ProducerRecord<>(topic, instanceId, null));
  }

  /** Waits until everything published so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  private CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            sent.complete(metadata);
          } else {
            sent.completeExceptionally(error);
          }
        });
    return sent;
  }
}
