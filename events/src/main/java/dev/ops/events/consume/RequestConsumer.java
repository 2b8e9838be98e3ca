package dev.ops.events.consume;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a command topic as one member of a consumer group and hands each record to a {@link
 * RecordHandler}, at most {@code capacity} at a time. Records of one key are handled one after the
 * other, so a request delivered twice is seen the second time after the first is done. Offsets are
 * committed only up to the first record whose outcome is not yet published: a consumer that dies
 * loses nothing, it leaves the rest to the partition's next owner.
 *
 * <p>The Kafka consumer is used by this class's own thread only, as the client requires.
 */
public final class RequestConsumer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(RequestConsumer.class.getName());
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final long WAIT_STEP_MILLIS = 10;

  private final Consumer<String, byte[]> consumer;
  private final String topic;
  private final RecordHandler handler;
  private final int capacity;
  private final Duration drainTimeout;
  private final Map<TopicPartition, PartitionProgress> partitions = new HashMap<>();
  private final Map<String, CompletableFuture<Void>> lastByKey = new HashMap<>();
  private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread thread;
  private volatile Set<TopicPartition> assignment = Set.of();
  private volatile boolean stopping;
  private int inFlight;
  private boolean paused;

  /** A handled record, reported by the worker that handled it. */
  private record Finished(
      TopicPartition partition,
      long offset,
      String key,
      CompletableFuture<Void> future,
      Throwable error) {

    boolean handled() {
      return error == null;
    }
  }

  /**
   * @param consumer a consumer with auto-commit off; this class owns and closes it
   * @param drainTimeout how long to wait for records in flight when a partition is revoked or the
   *     consumer stops, before leaving them to be delivered again
   */
  public RequestConsumer(
      Consumer<String, byte[]> consumer,
      String topic,
      RecordHandler handler,
      int capacity,
      Duration drainTimeout) {
    this.consumer = consumer;
    this.topic = topic;
    this.handler = handler;
    this.capacity = capacity;
    this.drainTimeout = drainTimeout;
    this.thread = new Thread(this::run, "requests-" + topic);
  }

  public void start() {
    thread.start();
  }

  /** Whether the loop still runs; false after a fatal error or once stopped. */
  public boolean isRunning() {
    return thread.isAlive() && !stopping;
  }

  /** The partitions this consumer owns now, as last told by the group. */
  public Set<TopicPartition> assignment() {
    return assignment;
  }

  /** Stops taking records, waits for those in flight (up to the drain timeout) and commits them. */
  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      stopped.await(drainTimeout.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(List.of(topic), new Rebalance());
      while (!stopping) {
        pollOnce();
        drainFinished();
        commit(partitions.keySet());
        adjustPause();
      }
    } catch (WakeupException e) {
      // close() woke the poll up; what is in flight is finished below.
    } catch (KafkaException e) {
      LOG.log(Level.ERROR, "consuming " + topic + " failed; this consumer stops taking records", e);
    } finally {
      finishInFlight();
      consumer.close();
      stopped.countDown();
    }
  }

  private void pollOnce() {
    for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL_TIMEOUT)) {
      dispatch(record);
    }
  }

  private void dispatch(ConsumerRecord<String, byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    PartitionProgress progress = partitions.get(partition);
    if (progress == null) {
      return;
    }
    progress.started(record.offset());
    inFlight++;
    Delivery delivery = new Delivery(record.timestamp() < progress.assignedAt().toEpochMilli());
    CompletableFuture<Void> future = afterSameKey(record, delivery);
    future.whenComplete(
        (ignored, error) ->
            finished.add(new Finished(partition, record.offset(), record.key(), future, error)));
  }

  /** Handles the record once the previous record with its key is done. */
  private CompletableFuture<Void> afterSameKey(
      ConsumerRecord<String, byte[]> record, Delivery delivery) {
    CompletableFuture<Void> previous = record.key() == null ? null : lastByKey.get(record.key());
    CompletableFuture<Void> next =
        previous == null
            ? handleSafely(record, delivery)
            : previous.handle((v, e) -> null).thenCompose(v -> handleSafely(record, delivery));
    if (record.key() != null) {
      lastByKey.put(record.key(), next);
    }
    return next;
  }

  private CompletableFuture<Void> handleSafely(
      ConsumerRecord<String, byte[]> record, Delivery delivery) {
    try {
      return handler.handle(record, delivery);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void drainFinished() {
    for (Finished done = finished.poll(); done != null; done = finished.poll()) {
      inFlight--;
      if (done.key() != null) {
        lastByKey.remove(done.key(), done.future());
      }
      PartitionProgress progress = partitions.get(done.partition());
      if (progress == null) {
        continue;
      }
      if (done.handled()) {
        progress.done(done.offset());
      } else if (!stopping) {
        readAgain(done, progress);
      }
    }
  }

  /** A record its handler gave up on while this consumer goes on: read it again from Kafka. */
  private void readAgain(Finished done, PartitionProgress progress) {
    LOG.log(
        Level.WARNING,
        "record " + done.partition() + "@" + done.offset() + " was abandoned; reading it again",
        done.error());
    progress.abandoned(done.offset());
    consumer.seek(done.partition(), done.offset());
  }

  private void commit(Collection<TopicPartition> which) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : which) {
      PartitionProgress progress = partitions.get(partition);
      if (progress != null) {
        progress
            .commitPosition()
            .ifPresent(position -> offsets.put(partition, new OffsetAndMetadata(position)));
      }
    }
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
      offsets.forEach((partition, offset) -> partitions.get(partition).committed(offset.offset()));
    } catch (RetriableException | CommitFailedException e) {
      // A rebalance is under way or the coordinator moved: the next loop commits again.
      LOG.log(Level.DEBUG, "commit of {0} deferred: {1}", offsets, e.getMessage());
    }
  }

  private void adjustPause() {
    if (inFlight >= capacity && !paused) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (inFlight < capacity && paused) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  /** Waits for records in flight in {@code which}, until none are left or the timeout passes. */
  private void awaitInFlight(Collection<TopicPartition> which) {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (System.nanoTime() < deadline && busy(which)) {
      try {
        Thread.sleep(WAIT_STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      drainFinished();
    }
  }

  private boolean busy(Collection<TopicPartition> which) {
    return which.stream()
        .map(partitions::get)
        .anyMatch(progress -> progress != null && progress.inFlight() > 0);
  }

  private void finishInFlight() {
    try {
      awaitInFlight(List.copyOf(partitions.keySet()));
      commit(partitions.keySet());
    } catch (KafkaException e) {
      LOG.log(Level.WARNING, "could not commit while stopping: {0}", e.getMessage());
    }
  }

  /** Keeps the bookkeeping in step with the partitions the group gives this consumer. */
  private final class Rebalance implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      Instant now = Instant.now();
      assigned.forEach(partition -> partitions.put(partition, new PartitionProgress(now)));
      assignment = Set.copyOf(partitions.keySet());
      if (paused) {
        consumer.pause(assigned);
      }
      LOG.log(Level.DEBUG, "assigned {0}", assigned);
    }

    /** Gives the records in flight a chance to finish, so the next owner does not redo them. */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      awaitInFlight(revoked);
      commit(revoked);
      revoked.forEach(partitions::remove);
      assignment = Set.copyOf(partitions.keySet());
      LOG.log(Level.DEBUG, "revoked {0}", revoked);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      lost.forEach(partitions::remove);
      assignment = Set.copyOf(partitions.keySet());
      LOG.log(Level.INFO, "lost {0} to the group; their records will be handled again", lost);
    }
  }
}
