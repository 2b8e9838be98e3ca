package dev.ops.runner.control;

import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPublisher;
import dev.ops.events.EventType;
import dev.ops.events.InvalidEventException;
import dev.ops.events.consume.Delivery;
import dev.ops.events.consume.RecordHandler;
import dev.ops.events.instance.LaunchRequested;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each launch request of this runner's share to the {@link Scheduler}; a record that is not a
 * launch request goes to the dead-letter topic and consumption goes on.
 */
public final class LaunchHandler implements RecordHandler {

  private static final System.Logger LOG = System.getLogger(LaunchHandler.class.getName());

  private final EventCodec codec = new EventCodec();
  private final Scheduler scheduler;
  private final EventPublisher publisher;
  private final String group;
  private final Runnable awaitLedger;
  private final Executor workers;

  /**
   * @param awaitLedger blocks until the fleet's history is read, so no launch is judged on half of
   *     it
   */
  public LaunchHandler(
      Scheduler scheduler,
      EventPublisher publisher,
      String group,
      Runnable awaitLedger,
      Executor workers) {
    this.scheduler = scheduler;
    this.publisher = publisher;
    this.group = group;
    this.awaitLedger = awaitLedger;
    this.workers = workers;
  }

  @Override
  public CompletableFuture<Void> handle(ConsumerRecord<String, byte[]> record, Delivery delivery) {
    return CompletableFuture.runAsync(() -> handleNow(record), workers);
  }

  private void handleNow(ConsumerRecord<String, byte[]> record) {
    LaunchRequested launch;
    try {
      launch = decode(record);
    } catch (InvalidEventException e) {
      LOG.log(
          Level.WARNING,
          "record {0}-{1}@{2} goes to the dead-letter topic: {3}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      publisher.deadLetter(record, group, e).join();
      return;
    }
    awaitLedger.run();
    scheduler.onLaunch(launch);
  }

  private LaunchRequested decode(ConsumerRecord<String, byte[]> record)
      throws InvalidEventException {
    Event<?> event = codec.decode(record);
    if (event.type() != EventType.LAUNCH_REQUESTED) {
      throw new InvalidEventException(
          InvalidEventException.Reason.UNKNOWN_TYPE,
          event.type().type()
              + " does not belong on "
              + record.topic()
              + "; runners read "
              + EventType.LAUNCH_REQUESTED.type()
              + " only");
    }
    return (LaunchRequested) event.payload();
  }
}
