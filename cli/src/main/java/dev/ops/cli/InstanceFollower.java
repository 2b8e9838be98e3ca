package dev.ops.cli;

import dev.ops.core.Progress;
import dev.ops.events.Event;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPayload;
import dev.ops.events.InvalidEventException;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstancePulling;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceStopping;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one instance: its lifecycle events and its console lines, read from the instance's own
 * partition of each topic. Opened before a launch is published, it starts at the end, so nothing of
 * the instance is missed; opened for {@code logs}, it starts at the beginning. Console lines whose
 * {@code seq} was seen are skipped (a runner may publish a line twice after a restart).
 */
final class InstanceFollower implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> reader;
  private final String instanceId;
  private final EventCodec codec = new EventCodec();
  private long lastSeq;

  private InstanceFollower(KafkaConsumer<String, byte[]> reader, String instanceId) {
    this.reader = reader;
    this.instanceId = instanceId;
  }

  static InstanceFollower open(KafkaSettings kafka, String instanceId, boolean fromBeginning) {
    KafkaConsumer<String, byte[]> reader = KafkaClients.reader(kafka);
    try {
      List<TopicPartition> partitions =
          List.of(
              KafkaClients.partitionOf(reader, Topics.INSTANCE_EVENTS.name(), instanceId, kafka),
              KafkaClients.partitionOf(reader, Topics.INSTANCE_CONSOLE.name(), instanceId, kafka));
      reader.assign(partitions);
      if (fromBeginning) {
        reader.seekToBeginning(partitions);
      } else {
        reader.seekToEnd(partitions);
      }
      partitions.forEach(reader::position);
      return new InstanceFollower(reader, instanceId);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * Reads until an event satisfies {@code until} or {@code timeout} passes; console lines go to
   * {@code console}, lifecycle news to {@code progress}.
   */
  Optional<EventPayload> follow(
      Duration timeout,
      Predicate<EventPayload> until,
      Consumer<ConsoleLine> console,
      Progress progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
        Optional<EventPayload> payload = ofThisInstance(record);
        if (payload.isEmpty()) {
          continue;
        }
        if (payload.get() instanceof ConsoleLine line) {
          if (line.seq() > lastSeq) {
            lastSeq = line.seq();
            console.accept(line);
          }
          continue;
        }
        if (until.test(payload.get())) {
          return payload;
        }
        describe(payload.get()).ifPresent(progress::milestone);
      }
    }
    return Optional.empty();
  }

  /** Whether the instance's current attempt is over (its restart policy may start another). */
  static boolean isEnd(EventPayload payload) {
    return payload instanceof InstanceExited
        || payload instanceof InstanceFailed
        || payload instanceof InstanceLost
        || payload instanceof InstanceRemoved;
  }

  /** One line for people about a lifecycle event. */
  static Optional<String> describe(EventPayload payload) {
    if (payload instanceof InstanceWaiting waiting) {
      return Optional.of("waiting: " + waiting.reason());
    }
    if (payload instanceof InstanceScheduled scheduled) {
      String attempt = scheduled.attempt() > 1 ? " (attempt " + scheduled.attempt() + ")" : "";
      return Optional.of("scheduled on runner " + scheduled.runnerId() + attempt);
    }
    if (payload instanceof InstancePulling pulling) {
      return Optional.of(
          pulling.bytesToPull() == 0
              ? "image cached on " + pulling.runnerId()
              : "pulling " + pulling.bytesToPull() / 1024 + " KiB on " + pulling.runnerId());
    }
    if (payload instanceof InstanceRunning running) {
      return Optional.of(
          "running on "
              + running.host()
              + (running.ports().isEmpty() ? "" : " " + ports(running))
              + " (booted in "
              + running.bootMillis()
              + " ms)");
    }
    if (payload instanceof InstanceStopping stopping) {
      return Optional.of("stopping: " + stopping.reason());
    }
    return Optional.empty();
  }

  private static String ports(InstanceRunning running) {
    return String.join(
        ",",
        running.ports().stream()
            .map(p -> p.hostAddress() + ":" + p.hostPort() + "->" + p.guestPort())
            .toList());
  }

  private Optional<EventPayload> ofThisInstance(ConsumerRecord<String, byte[]> record) {
    if (!instanceId.equals(record.key()) || record.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(codec.decode(record)).map(Event::payload);
    } catch (InvalidEventException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    reader.close();
  }
}
