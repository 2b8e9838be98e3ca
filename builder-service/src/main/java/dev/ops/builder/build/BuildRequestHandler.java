package dev.ops.builder.build;

import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventType;
import dev.ops.events.InvalidEventException;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.consume.Delivery;
import dev.ops.events.consume.RecordHandler;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record of the request topic into a build on a worker thread, or into a dead letter when
 * it is not a build request this contract can read: retrying such a record would fail the same way,
 * so it is set aside with its reason and the next one is taken.
 */
final class BuildRequestHandler implements RecordHandler {

  private static final System.Logger LOG = System.getLogger(BuildRequestHandler.class.getName());

  private final EventCodec codec;
  private final BuildChain chain;
  private final BuildEvents events;
  private final BuildMetrics metrics;
  private final Executor workers;

  BuildRequestHandler(
      EventCodec codec,
      BuildChain chain,
      BuildEvents events,
      BuildMetrics metrics,
      Executor workers) {
    this.codec = codec;
    this.chain = chain;
    this.events = events;
    this.metrics = metrics;
    this.workers = workers;
  }

  @Override
  public CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record, Delivery delivery) {
    return CompletableFuture.runAsync(() -> handleNow(record, delivery), workers);
  }

  private void handleNow(ConsumerRecord<String, byte[]> record, Delivery delivery) {
    Event<BuildRequested> request;
    try {
      request = decode(record);
    } catch (InvalidEventException e) {
      LOG.log(
          Level.WARNING,
          "record {0}-{1}@{2} goes to the dead-letter topic: {3}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      events.deadLetter(record, e);
      metrics.deadLettered(e.reason().name());
      return;
    }
    chain.build(request, delivery);
  }

  @SuppressWarnings("unchecked")
  private Event<BuildRequested> decode(ConsumerRecord<String, byte[]> record)
      throws InvalidEventException {
    Event<?> event = codec.decode(record);
    if (event.type() != EventType.BUILD_REQUESTED) {
      throw new InvalidEventException(
          InvalidEventException.Reason.UNKNOWN_TYPE,
          event.type().type()
              + " does not belong on "
              + record.topic()
              + "; builders read "
              + EventType.BUILD_REQUESTED.type()
              + " only");
    }
    return (Event<BuildRequested>) event;
  }
}
