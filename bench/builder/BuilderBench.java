import dev.ops.builder.build.Builder;
import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.builder.testing.TestRequests;
import dev.ops.events.EventCodec;
import dev.ops.events.InvalidEventException;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Builder benchmark: a real Kafka broker (KRaft, child process), a real registry (CNCF
 * Distribution, child process) and builders in this JVM, each a full {@link Builder} with its own
 * Kafka clients and caches.
 *
 * <p>Workload: a dynamically linked hello (libc and the loader as libraries), each request a new
 * program version (the ELF with random bytes appended, so a new program blob, program layer and
 * manifest), the way a CI pipeline sends one build per commit. Blobs are uploaded before timing.
 *
 * <ul>
 *   <li>throughput: N requests published at once, builds per minute from the first publish to the
 *       last {@code succeeded}, with one builder and with two (2 builds at a time each);
 *   <li>event path overhead: requests one at a time to one idle builder; for each, the time from
 *       publishing the request to reading its {@code succeeded} minus the build's own {@code
 *       durationMillis}.
 * </ul>
 *
 * <p>Run from the repository root (see bench/builder/README.md for the classpath):
 * {@code java -cp "$CP" bench/builder/BuilderBench.java [--requests N] [--samples N]}
 */
public class BuilderBench {

  static final SecureRandom RANDOM = new SecureRandom();

  /** The builds' own durationMillis in the latency run, for scale. */
  static final List<Long> durations = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    int requests = intArg(args, "--requests", 60);
    int samples = intArg(args, "--samples", 50);
    try (TestFleet fleet = TestFleet.start();
        Outcomes outcomes = new Outcomes(fleet.kafka.bootstrapServers())) {
      Path variants = Files.createDirectories(fleet.directory().resolve("variants"));
      warmUp(fleet, outcomes, variants);
      double one = throughput(fleet, outcomes, variants, 1, requests);
      double two = throughput(fleet, outcomes, variants, 2, requests);
      List<Long> overheads = overhead(fleet, outcomes, variants, samples);
      report(requests, one, two, samples, overheads);
    }
  }

  /** JIT, caches and the group settle before anything is timed. */
  static void warmUp(TestFleet fleet, Outcomes outcomes, Path variants) throws Exception {
    fleet.startBuilder("warm-up");
    List<BuildRequested> batch = prepare(fleet, variants, "warmup", 10);
    for (BuildRequested request : batch) {
      fleet.requester.publish(request).get();
    }
    for (BuildRequested request : batch) {
      outcomes.await(request.buildId());
    }
    fleet.stopBuilders();
  }

  static double throughput(
      TestFleet fleet, Outcomes outcomes, Path variants, int builders, int count) throws Exception {
    List<Builder> started = new ArrayList<>();
    for (int i = 0; i < builders; i++) {
      started.add(fleet.startBuilder("bench-" + builders + "-" + i));
    }
    awaitAssigned(started);
    List<BuildRequested> batch = prepare(fleet, variants, "tp" + builders, count);
    long start = System.nanoTime();
    for (BuildRequested request : batch) {
      fleet.requester.publish(request);
    }
    fleet.requester.flush();
    for (BuildRequested request : batch) {
      outcomes.await(request.buildId());
    }
    double minutes = (System.nanoTime() - start) / 60e9;
    fleet.stopBuilders();
    return count / minutes;
  }

  static List<Long> overhead(TestFleet fleet, Outcomes outcomes, Path variants, int samples)
      throws Exception {
    Builder builder = fleet.startBuilder("bench-latency");
    awaitAssigned(List.of(builder));
    List<Long> overheads = new ArrayList<>();
    durations.clear();
    for (BuildRequested request : prepare(fleet, variants, "lat", samples)) {
      long start = System.nanoTime();
      fleet.requester.publish(request).get();
      BuildSucceeded succeeded = outcomes.await(request.buildId());
      long arrived = outcomes.arrival(request.buildId());
      overheads.add((arrived - start) / 1_000_000 - succeeded.durationMillis());
      durations.add(succeeded.durationMillis());
    }
    fleet.stopBuilders();
    return overheads;
  }

  static void awaitAssigned(List<Builder> builders) throws InterruptedException {
    while (builders.stream().mapToInt(Builder::partitions).sum()
            != Topics.BUILD_REQUESTS.partitions()
        || builders.stream().anyMatch(b -> b.partitions() == 0)) {
      Thread.sleep(20);
    }
  }

  /** Requests for new versions of the program, their blobs already in the registry. */
  static List<BuildRequested> prepare(TestFleet fleet, Path variants, String label, int count)
      throws IOException {
    byte[] hello = Files.readAllBytes(TestPrograms.dynamicHello());
    List<BuildRequested> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path variant = variants.resolve(label + "-" + i);
      byte[] suffix = new byte[16];
      RANDOM.nextBytes(suffix);
      Files.write(variant, hello);
      Files.write(variant, suffix, StandardOpenOption.APPEND);
      variant.toFile().setExecutable(true);
      batch.add(fleet.requests.request(TestRequests.newBuildId(), "bench:" + label + "-" + i, variant));
    }
    return batch;
  }

  static void report(int requests, double one, double two, int samples, List<Long> overheads) {
    List<Long> sorted = new ArrayList<>(overheads);
    Collections.sort(sorted);
    System.out.println();
    System.out.println("| figure | value |");
    System.out.println("|---|---|");
    System.out.printf("| builds per minute, 1 builder (%d requests) | %.0f |%n", requests, one);
    System.out.printf("| builds per minute, 2 builders (%d requests) | %.0f |%n", requests, two);
    System.out.printf(
        "| event path overhead p50 (%d sequential builds) | %d ms |%n", samples, percentile(sorted, 50));
    System.out.printf("| event path overhead p99 | %d ms |%n", percentile(sorted, 99));
    System.out.printf("| event path overhead max | %d ms |%n", sorted.get(sorted.size() - 1));
    List<Long> builds = new ArrayList<>(durations);
    Collections.sort(builds);
    System.out.printf(
        "| build itself (durationMillis) p50 / p99, same builds | %d ms / %d ms |%n",
        percentile(builds, 50), percentile(builds, 99));
  }

  static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }

  /** Reads build outcomes as they arrive and notes when each arrived on this machine's clock. */
  static final class Outcomes implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final EventCodec codec = new EventCodec();
    private final Map<String, Object> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Outcomes(String bootstrapServers) {
      consumer =
          new KafkaConsumer<>(
              Map.of("bootstrap.servers", bootstrapServers, "enable.auto.commit", "false"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info :
          consumer.partitionsFor(Topics.BUILD_EVENTS.name(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      thread = new Thread(this::run, "bench-outcomes");
      thread.start();
    }

    private void run() {
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long now = System.nanoTime();
          try {
            Object payload = codec.decode(record).payload();
            if (payload instanceof BuildSucceeded || payload instanceof BuildFailed) {
              arrivals.putIfAbsent(record.key(), now);
              outcomes.putIfAbsent(record.key(), payload);
            }
          } catch (InvalidEventException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      consumer.close();
    }

    BuildSucceeded await(String buildId) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (!outcomes.containsKey(buildId)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no outcome for " + buildId);
        }
        Thread.sleep(1);
      }
      Object outcome = outcomes.get(buildId);
      if (outcome instanceof BuildFailed failed) {
        throw new IllegalStateException(failed.step() + ": " + failed.reason());
      }
      return (BuildSucceeded) outcome;
    }

    long arrival(String buildId) {
      return arrivals.get(buildId);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join();
    }
  }
}
