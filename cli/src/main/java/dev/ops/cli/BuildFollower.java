package dev.ops.cli;

import dev.ops.core.Progress;
import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPayload;
import dev.ops.events.InvalidEventException;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildProgress;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one build's events. It reads only the build's own partition of the build events topic
 * (the producers' partitioner puts every event of a build id there), from where it stood before the
 * request was published, so no event of the build is missed.
 */
final class BuildFollower implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  /** When nobody has taken the build by then, say so: it waits for a builder, it is not lost. */
  private static final Duration QUEUED_NOTICE = Duration.ofSeconds(15);

  private final KafkaConsumer<String, byte[]> reader;
  private final String buildId;
  private final EventCodec codec = new EventCodec();

  private BuildFollower(KafkaConsumer<String, byte[]> reader, String buildId) {
    this.reader = reader;
    this.buildId = buildId;
  }

  /** Opens the reader at the end of the build's partition; call before publishing the request. */
  static BuildFollower open(KafkaSettings kafka, String buildId) {
    KafkaConsumer<String, byte[]> reader = KafkaClients.reader(kafka);
    try {
      TopicPartition partition =
          KafkaClients.partitionOf(reader, Topics.BUILD_EVENTS.name(), buildId, kafka);
      reader.assign(List.of(partition));
      reader.seekToEnd(List.of(partition));
      reader.position(partition);
      return new BuildFollower(reader, buildId);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * Shows the build's news on {@code progress} until it ends.
   *
   * @return its {@link BuildSucceeded} or {@link BuildFailed}, or empty if {@code timeout} passed
   */
  Optional<EventPayload> awaitOutcome(Duration timeout, Progress progress) {
    long start = System.nanoTime();
    boolean taken = false;
    boolean noticed = false;
    while (System.nanoTime() - start < timeout.toNanos()) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        Optional<EventPayload> payload = ofThisBuild(record);
        if (payload.isEmpty()) {
          continue;
        }
        if (payload.get() instanceof BuildSucceeded || payload.get() instanceof BuildFailed) {
          return payload;
        }
        taken = true;
        show(payload.get(), progress);
      }
      if (!taken && !noticed && System.nanoTime() - start > QUEUED_NOTICE.toNanos()) {
        progress.milestone(
            "no builder has taken build "
                + buildId
                + " yet; it waits in the queue until one does"
                + " (is builder-service running?)");
        noticed = true;
      }
    }
    return Optional.empty();
  }

  private Optional<EventPayload> ofThisBuild(ConsumerRecord<String, byte[]> record) {
    if (!buildId.equals(record.key())) {
      return Optional.empty();
    }
    try {
      return Optional.of(codec.decode(record)).map(Event::payload);
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
  }

  private static void show(EventPayload payload, Progress progress) {
    if (payload instanceof BuildStarted started) {
      String attempt = started.attempt() > 1 ? ", attempt " + started.attempt() : "";
      progress.milestone("builder " + started.builder() + " took the build" + attempt);
    } else if (payload instanceof BuildProgress news) {
      progress.milestone(news.step() + ": " + news.message());
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
