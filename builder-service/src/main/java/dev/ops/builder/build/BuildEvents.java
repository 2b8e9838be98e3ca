package dev.ops.builder.build;

import dev.ops.builder.Backoff;
import dev.ops.events.EventPayload;
import dev.ops.events.EventPublisher;
import dev.ops.events.InvalidEventException;
import dev.ops.events.build.BuildProgress;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * What a builder says on Kafka. An outcome (succeeded, failed, a dead letter) is waited for, and
 * tried again until Kafka takes it or the builder stops, because the request's offset is committed
 * only after it; progress and {@code started} are sent without waiting: one build's events share a
 * partition and an idempotent producer, so they still arrive in order.
 */
final class BuildEvents {

  private static final System.Logger LOG = System.getLogger(BuildEvents.class.getName());
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final EventPublisher publisher;
  private final String consumerGroup;
  private final Backoff backoff;
  private final BooleanSupplier stopping;

  BuildEvents(
      EventPublisher publisher, String consumerGroup, Backoff backoff, BooleanSupplier stopping) {
    this.publisher = publisher;
    this.consumerGroup = consumerGroup;
    this.backoff = backoff;
    this.stopping = stopping;
  }

  void progress(String buildId, String step, String message) {
    send(new BuildProgress(buildId, step, message));
  }

  /** Sends without waiting; a lost one is logged, nothing depends on it. */
  void send(EventPayload payload) {
    publisher
        .publish(payload)
        .whenComplete(
            (sent, error) -> {
              if (error != null) {
                LOG.log(Level.DEBUG, "could not publish {0}: {1}", payload, error.getMessage());
              }
            });
  }

  /** Publishes an outcome and waits until Kafka has it. */
  void outcome(EventPayload payload) {
    untilPublished(
        "publish " + payload.getClass().getSimpleName(), () -> publisher.publish(payload));
  }

  void deadLetter(ConsumerRecord<String, byte[]> record, InvalidEventException reason) {
    untilPublished(
        "dead-letter " + record.topic() + "@" + record.partition() + ":" + record.offset(),
        () -> publisher.deadLetter(record, consumerGroup, reason));
  }

  private void untilPublished(String what, Supplier<CompletableFuture<RecordMetadata>> send) {
    for (int attempt = 1; ; attempt++) {
      if (stopping.getAsBoolean() && attempt > 1) {
        throw new Abandoned("stopping before Kafka took: " + what);
      }
      try {
        send.get().get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Abandoned("interrupted before Kafka took: " + what);
      } catch (ExecutionException | TimeoutException e) {
        Duration delay = backoff.delayAfter(attempt);
        LOG.log(
            Level.WARNING,
            "could not {0} (try {1}), trying again in {2} ms: {3}",
            what,
            attempt,
            delay.toMillis(),
            e.getMessage());
        sleep(delay);
      }
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Abandoned("interrupted while waiting for Kafka");
    }
  }
}
