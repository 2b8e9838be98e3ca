package dev.ops.events.consume;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Handles one record of the request topic off the consumer's thread. The future completes once the
 * record's outcome is published (a result event, a dead letter), which is what allows its offset to
 * be committed; it completes exceptionally only when the handling was abandoned (the builder is
 * stopping), and then the record is left to be delivered again.
 */
@FunctionalInterface
public interface RecordHandler {

  CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record, Delivery delivery);
}
