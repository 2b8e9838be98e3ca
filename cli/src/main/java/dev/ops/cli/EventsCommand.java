package dev.ops.cli;

import dev.ops.core.OpsHome;
import dev.ops.events.EventType;
import dev.ops.events.topic.Topic;
import dev.ops.events.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ops events}: the fleet's commands and facts as they happen, for people and scripts. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = {
      "Show the fleet's events as they are published on Kafka (Ctrl-C to stop).",
      "Console lines, heartbeats and the instance state topic are left out unless --type names"
          + " them."
    })
final class EventsCommand implements Callable<Integer> {

  /** Topics too chatty to show unless asked for by type. */
  private static final Set<Topic> QUIET =
      Set.of(Topics.INSTANCE_CONSOLE, Topics.RUNNER_HEARTBEATS, Topics.INSTANCE_STATE);

  private static final Duration POLL = Duration.ofMillis(500);

  @Option(
      names = "--type",
      paramLabel = "PREFIX",
      description = "Only events whose type starts with PREFIX, such as dev.ops.build.")
  String typePrefix;

  @Option(names = "--json", description = "One CloudEvent per line, in JSON (structured mode).")
  boolean json;

  @Option(
      names = "--from-beginning",
      description = "Start with the oldest events Kafka keeps instead of new ones.")
  boolean fromBeginning;

  @Override
  public Integer call() {
    KafkaSettings kafka = KafkaSettings.load(OpsHome.fromEnvironment());
    EventPrinter printer = new EventPrinter(json, typePrefix);
    try (KafkaConsumer<String, byte[]> reader = KafkaClients.reader(kafka)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (Topic topic : topics()) {
        partitions.addAll(KafkaClients.partitions(reader, topic.name(), kafka));
      }
      reader.assign(partitions);
      if (fromBeginning) {
        reader.seekToBeginning(partitions);
      } else {
        reader.seekToEnd(partitions);
      }
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
          printer.print(record);
        }
      }
    }
    return 0;
  }

  /** The topics carrying the types asked for, the dead-letter topic included when unfiltered. */
  private Set<Topic> topics() {
    Set<Topic> topics = new LinkedHashSet<>();
    for (EventType type : EventType.values()) {
      boolean wanted =
          typePrefix == null ? !QUIET.contains(type.topic()) : type.type().startsWith(typePrefix);
      if (wanted) {
        topics.add(type.topic());
      }
    }
    if (typePrefix == null) {
      topics.add(Topics.DEAD_LETTER);
    }
    if (topics.isEmpty()) {
      throw new dev.ops.core.OpsException(
          "no event type starts with '" + typePrefix + "'",
          "types look like dev.ops.build.succeeded.v1; see docs/events.md");
    }
    return topics;
  }
}
