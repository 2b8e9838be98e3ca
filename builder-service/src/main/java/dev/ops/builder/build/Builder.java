package dev.ops.builder.build;

import dev.ops.builder.Backoff;
import dev.ops.builder.BuilderSettings;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.KernelPuller;
import dev.ops.core.registry.RegistryClient;
import dev.ops.events.EventCodec;
import dev.ops.events.EventPublisher;
import dev.ops.events.consume.RequestConsumer;
import dev.ops.events.topic.TopicCreator;
import dev.ops.events.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One builder instance: a member of the builders' consumer group that builds the requests of its
 * partitions, a few at a time, and publishes what happened. Plain Java, so the service, tests and
 * benchmarks run the same thing; it owns its Kafka clients, threads and files, and {@link #close}
 * stops them all.
 */
public final class Builder implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Builder.class.getName());
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

  private final BuilderSettings settings;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final BuildMetrics metrics;
  private final Admin admin;
  private final EventPublisher publisher;
  private final PriorAttempts priorAttempts;
  private final ExecutorService workers;
  private final RequestConsumer consumer;
  private final RegistryProbe registryProbe;

  private Builder(BuilderSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.metrics = new BuildMetrics(meters);
    this.admin = Admin.create(clientSettings());
    this.publisher = EventPublisher.create(producerSettings(), source(settings.builderId()));
    this.priorAttempts = new PriorAttempts(new KafkaConsumer<>(readerSettings()));
    this.workers = Executors.newFixedThreadPool(settings.concurrency(), workerThreads());
    this.registryProbe = new RegistryProbe(settings.registryUrl(), PROBE_TIMEOUT);
    this.consumer =
        new RequestConsumer(
            new KafkaConsumer<>(consumerSettings()),
            Topics.BUILD_REQUESTS.name(),
            handler(),
            settings.concurrency(),
            settings.drainTimeout());
  }

  /** Creates the fleet's missing topics (when the settings ask for it) and starts consuming. */
  public static Builder start(BuilderSettings settings, MeterRegistry meters) {
    createDirectories(settings);
    Builder builder = new Builder(settings, meters);
    builder.createTopics();
    builder.consumer.start();
    LOG.log(
        Level.INFO,
        "builder {0} consumes {1} in group {2}, {3} builds at a time, pushing to {4}",
        settings.builderId(),
        Topics.BUILD_REQUESTS.name(),
        settings.groupId(),
        settings.concurrency(),
        settings.registryUrl());
    return builder;
  }

  public String id() {
    return settings.builderId();
  }

  public BuildMetrics metrics() {
    return metrics;
  }

  /** Whether the consumer loop runs: false once it stopped, by request or after a fatal error. */
  public boolean consuming() {
    return consumer.isRunning();
  }

  /** How many partitions of the request topic this builder owns now. */
  public int partitions() {
    return consumer.assignment().size();
  }

  public boolean kafkaReachable() {
    try {
      admin.describeCluster().clusterId().get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  public boolean registryReachable() {
    return registryProbe.reachable(PROBE_TIMEOUT);
  }

  /**
   * Stops taking requests, lets the builds in flight finish (up to the drain timeout), commits
   * them, and releases everything. Builds still running after that are abandoned uncommitted, so
   * another builder takes them.
   */
  @Override
  public void close() {
    stopping.set(true);
    consumer.close();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    priorAttempts.close();
    publisher.close();
    admin.close();
    LOG.log(Level.INFO, "builder {0} stopped", settings.builderId());
  }

  /**
   * Creates the fleet's missing topics when asked to. A Kafka that is down now is not fatal: the
   * consumer waits for it, and readiness says it is down meanwhile.
   */
  private void createTopics() {
    if (settings.topicReplication() <= 0) {
      return;
    }
    try {
      TopicCreator.createMissing(admin, settings.topicReplication());
    } catch (IllegalStateException e) {
      LOG.log(Level.WARNING, e.getMessage());
    }
  }

  private BuildRequestHandler handler() {
    Progress progress = new LoggedProgress();
    RegistryClient client =
        new RegistryClient(settings.registryUrl(), settings.registryToken(), progress);
    KernelCatalogue kernels =
        new KernelCatalogue(new OpsHome(settings.workDirectory(), settings.kernels()), progress);
    KernelSource kernelSource =
        new KernelSource(
            kernels,
            new KernelPuller(client, kernels.store(), progress),
            settings.registry(),
            settings.defaultKernel());
    BlobCache cache = new BlobCache(settings.blobCache());
    BuildRecords records = new BuildRecords(client);
    BuildEvents events =
        new BuildEvents(publisher, settings.groupId(), Backoff.DEFAULT, stopping::get);
    List<BuildStep> steps =
        List.of(
            new PullKernelStep(kernelSource),
            new PullPackageStep(client, progress),
            new PullBlobsStep(client, cache),
            new InspectProgramStep(),
            new WriteLayersStep(kernels, progress),
            new PushImageStep(client, kernels.store(), progress),
            new RecordBuildStep(records));
    BuildChain chain =
        new BuildChain(
            settings.builderId(),
            settings.registry(),
            settings.builds(),
            new FindBuildStep(records),
            steps,
            new StepRunner(settings.retry(), stopping::get, metrics),
            events,
            metrics,
            priorAttempts,
            cache,
            settings.cacheMaxBytes());
    return new BuildRequestHandler(new EventCodec(), chain, events, metrics, workers);
  }

  /** The broker's address and the operator's extra settings (TLS, SASL), for every client. */
  private Map<String, Object> clientSettings() {
    Map<String, Object> client = new HashMap<>(settings.kafkaClient());
    client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    return client;
  }

  private Map<String, Object> producerSettings() {
    Map<String, Object> producer = clientSettings();
    producer.put(ProducerConfig.CLIENT_ID_CONFIG, settings.builderId() + "-events");
    // Events are few and someone is waiting for them: send at once rather than batch.
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    return producer;
  }

  private Map<String, Object> consumerSettings() {
    long session = settings.sessionTimeout().toMillis();
    Map<String, Object> consumer = new HashMap<>(readerSettings());
    consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.builderId());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    // A group that starts after requests were published must still build them.
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.concurrency()));
    consumer.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(session));
    consumer.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.max(500, session / 5)));
    // Only the partitions that move are revoked; builds of the others go on undisturbed.
    consumer.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    return consumer;
  }

  private Map<String, Object> readerSettings() {
    Map<String, Object> reader = clientSettings();
    reader.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.builderId() + "-attempts");
    reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    reader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    reader.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return reader;
  }

  private java.util.concurrent.ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "build-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static URI source(String builderId) {
    return URI.create("/ops/builder/" + builderId);
  }

  private static void createDirectories(BuilderSettings settings) {
    try {
      Files.createDirectories(settings.workDirectory());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not create the builder's work directory " + settings.workDirectory(), e);
    }
  }
}
