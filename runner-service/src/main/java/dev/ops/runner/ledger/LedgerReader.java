package dev.ops.runner.ledger;

import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.InvalidEventException;
import dev.ops.events.topic.Topic;
import dev.ops.events.topic.Topics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the fleet's facts and commands from the beginning into a {@link FleetLedger}, then follows
 * them. The instance events are read to their end before anything else, so that the state topic
 * only fills in what the events no longer hold. The runner acts only once this reader has caught up
 * ({@link #awaitCaughtUp}): deciding on half a history could start a VM twice.
 */
public final class LedgerReader implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LedgerReader.class.getName());
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

  /** How often the broker is asked where the topics end, to move the ledger's completeness. */
  private static final Duration ENDS_EVERY = Duration.ofMillis(500);

  /** Short: while the reader waits for the answer, it reads nothing. */
  private static final Duration ENDS_TIMEOUT = Duration.ofSeconds(2);

  private static final List<Topic> FOLLOWED =
      List.of(
          Topics.INSTANCE_EVENTS,
          Topics.INSTANCE_COMMANDS,
          Topics.RUNNER_HEARTBEATS,
          Topics.INSTANCE_STATE);

  private final Consumer<String, byte[]> consumer;
  private final FleetLedger ledger;
  private final EventCodec codec = new EventCodec();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean stopping;
  private Ends asked;
  private Instant lastAsked = Instant.EPOCH;

  /** Where the broker said the topics ended, and when it was asked. */
  private record Ends(Instant askedAt, Map<TopicPartition, Long> offsets) {}

  /**
   * @param consumer a consumer outside any group; this reader owns and closes it
   */
  public LedgerReader(Consumer<String, byte[]> consumer, FleetLedger ledger) {
    this.consumer = consumer;
    this.ledger = ledger;
    this.thread = new Thread(this::run, "ledger-reader");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  public boolean isRunning() {
    return thread.isAlive();
  }

  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      List<TopicPartition> events = partitions(List.of(Topics.INSTANCE_EVENTS));
      readToEnd(events);
      List<TopicPartition> all = partitions(FOLLOWED);
      ledger.markReadUpTo(readToEnd(all));
      caughtUp.countDown();
      LOG.log(Level.INFO, "fleet history read: {0} instances", ledger.instances().size());
      while (!stopping) {
        consumer.poll(POLL).forEach(this::fold);
        trackCompleteness(all);
      }
    } catch (WakeupException e) {
      // close() ends the loop.
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "reading the fleet's topics failed; this runner stops deciding", e);
    } finally {
      consumer.close();
    }
  }

  private List<TopicPartition> partitions(List<Topic> topics) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic.name(), METADATA_TIMEOUT)) {
        partitions.add(new TopicPartition(topic.name(), info.partition()));
      }
    }
    return partitions;
  }

  /**
   * Assigns {@code partitions} (keeping positions already reached) and reads to their end; returns
   * the moment before which everything written to them is now read.
   */
  private Instant readToEnd(List<TopicPartition> partitions) {
    List<TopicPartition> added = new ArrayList<>(partitions);
    added.removeAll(consumer.assignment());
    List<TopicPartition> assigned = new ArrayList<>(consumer.assignment());
    assigned.addAll(added);
    consumer.assign(assigned);
    consumer.seekToBeginning(added);
    Instant askedAt = Instant.now();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    while (!stopping && !reached(ends)) {
      consumer.poll(POLL).forEach(this::fold);
    }
    return askedAt;
  }

  /**
   * Moves the ledger's {@link FleetLedger#readUpTo}: asks the broker now and then where the topics
   * end, and once read to there, everything written before the question is in. Cut off from the
   * broker, no answer comes and the mark stands still.
   */
  private void trackCompleteness(List<TopicPartition> partitions) {
    if (asked != null && reached(asked.offsets())) {
      ledger.markReadUpTo(asked.askedAt());
      asked = null;
    }
    Instant now = Instant.now();
    if (asked == null && lastAsked.plus(ENDS_EVERY).isBefore(now)) {
      lastAsked = now;
      asked = askEnds(partitions, now);
    }
  }

  private Ends askEnds(List<TopicPartition> partitions, Instant askedAt) {
    try {
      return new Ends(askedAt, consumer.endOffsets(partitions, ENDS_TIMEOUT));
    } catch (TimeoutException e) {
      LOG.log(Level.DEBUG, "the broker did not say where the topics end: {0}", e.getMessage());
      return null;
    }
  }

  private boolean reached(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
  }

  private void fold(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return; // A tombstone on the state topic: the removed event said it already.
    }
    try {
      Event<?> event = codec.decode(record);
      ledger.apply(event.payload(), event.time());
    } catch (InvalidEventException e) {
      LOG.log(
          Level.WARNING,
          "skipping an unreadable record at {0}-{1}@{2}: {3}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
    }
  }
}
