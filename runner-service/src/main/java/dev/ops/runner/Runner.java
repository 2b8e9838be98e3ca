package dev.ops.runner;

import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.qemu.AcceleratorProbe;
import dev.ops.core.qemu.HostFacts;
import dev.ops.core.registry.RegistryClient;
import dev.ops.events.EventPublisher;
import dev.ops.events.consume.RequestConsumer;
import dev.ops.events.topic.TopicCreator;
import dev.ops.events.topic.Topics;
import dev.ops.runner.control.Capacity;
import dev.ops.runner.control.DrainKeeper;
import dev.ops.runner.control.Heartbeats;
import dev.ops.runner.control.InstanceHost;
import dev.ops.runner.control.KeyOwnership;
import dev.ops.runner.control.LaunchHandler;
import dev.ops.runner.control.Reporter;
import dev.ops.runner.control.RunnerMetrics;
import dev.ops.runner.control.Scheduler;
import dev.ops.runner.host.HostedInstance;
import dev.ops.runner.host.HostedStore;
import dev.ops.runner.host.ImageCache;
import dev.ops.runner.host.SupervisorSpawner;
import dev.ops.runner.host.VmUsers;
import dev.ops.runner.ledger.FleetLedger;
import dev.ops.runner.ledger.LedgerReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One runner agent: reads the fleet's history, takes its share of the launch requests, runs the VMs
 * scheduled to it and reports on them, and announces itself. Plain Java: the Quarkus service only
 * starts and stops it. Closing it leaves the VMs running; a runner started again with the same id
 * and work directory takes them over.
 */
public final class Runner implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Runner.class.getName());
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration LEDGER_WAIT = Duration.ofMinutes(5);
  private static final Duration EVICTION_EVERY = Duration.ofMinutes(1);
  private static final int CONCURRENT_LAUNCHES = 4;

  private final RunnerSettings settings;
  private final EventPublisher publisher;
  private final FleetLedger ledger = new FleetLedger();
  private final LedgerReader reader;
  private final InstanceHost host;
  private final Scheduler scheduler;
  private final Heartbeats heartbeats;
  private final DrainKeeper drain;
  private final ImageCache images;
  private volatile RequestConsumer launches;
  private final ExecutorService workers;
  private final Thread loop;
  private volatile boolean stopping;
  private volatile Throwable loopFailure;
  private long lastEviction = System.nanoTime();

  private Runner(RunnerSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.publisher =
        EventPublisher.create(kafkaSettings(), URI.create("/ops/runner/" + settings.runnerId()));
    this.reader = new LedgerReader(new KafkaConsumer<>(readerSettings()), ledger);
    OpsHome home = OpsHome.at(settings.workDirectory().resolve("home"));
    boolean kvm = new AcceleratorProbe(HostFacts.QEMU_BINARY).choose(settings.allowKvm()).isKvm();
    InstanceStore records = new InstanceStore(home.instances());
    HostedStore hostedStore = new HostedStore(records, home.instances());
    RegistryClient client =
        new RegistryClient(
            settings
                .registry()
                .url()
                .orElseThrow(
                    () -> new IllegalArgumentException("a runner needs the registry's URL")),
            settings.registry().token(),
            Progress.SILENT);
    this.images = new ImageCache(home, client, settings.cacheMaxBytes());
    this.workers = Executors.newFixedThreadPool(CONCURRENT_LAUNCHES * 2);
    Reporter reporter = new Reporter(publisher, ledger);
    RunnerMetrics metrics = new RunnerMetrics(meters, hostedStore::list);
    this.host =
        new InstanceHost(
            settings,
            ledger,
            reporter,
            hostedStore,
            records,
            images,
            new SupervisorSpawner(home),
            VmUsers.detect(settings.vmUidBase(), settings.workDirectory(), kvm),
            workers,
            metrics);
    this.scheduler =
        new Scheduler(
            settings,
            ledger,
            reporter,
            new KeyOwnership(() -> this.launches.assignment()),
            host::capacity);
    this.launches =
        new RequestConsumer(
            new KafkaConsumer<>(groupSettings()),
            Topics.LAUNCH_REQUESTS.name(),
            new LaunchHandler(scheduler, publisher, settings.group(), this::awaitLedger, workers),
            CONCURRENT_LAUNCHES,
            Duration.ofSeconds(30));
    this.heartbeats =
        new Heartbeats(
            settings,
            reporter,
            new KernelCatalogue(home, Progress.SILENT),
            host::capacity,
            host::hosted,
            kvm,
            qemuVersion());
    this.drain =
        new DrainKeeper(
            settings.runnerId(), ledger, reporter, settings.workDirectory().resolve("draining"));
    this.loop = new Thread(this::run, "runner-" + settings.runnerId());
  }

  /** Creates the fleet's missing topics, then starts reading, consuming and tending. */
  public static Runner start(RunnerSettings settings, MeterRegistry meters) {
    createTopics(settings);
    Runner runner = new Runner(settings, meters);
    runner.reader.start();
    runner.launches.start();
    runner.loop.start();
    LOG.log(
        Level.INFO,
        "runner {0} offers {1} vCPUs and {2} MiB, labels {3}",
        settings.runnerId(),
        settings.vcpus(),
        settings.memoryMib(),
        settings.labels());
    return runner;
  }

  public String id() {
    return settings.runnerId();
  }

  public FleetLedger ledger() {
    return ledger;
  }

  public List<HostedInstance> hosted() {
    return host.hosted();
  }

  public Capacity capacity() {
    return host.capacity();
  }

  /** Whether it has read the fleet's history, owns launch partitions and its loop runs. */
  public boolean ready() {
    return reader.isCaughtUp() && !launches.assignment().isEmpty() && live();
  }

  /** Whether its threads run; false after a fatal error. */
  public boolean live() {
    return loop.isAlive() && reader.isRunning() && launches.isRunning();
  }

  public int partitions() {
    return launches.assignment().size();
  }

  @Override
  public void close() {
    stopping = true;
    launches.close();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    reader.close();
    publisher.close();
  }

  private void run() {
    awaitLedger();
    while (!stopping) {
      try {
        heartbeats.beatIfDue();
        drain.tend();
        host.tend();
        scheduler.tend();
        evictIfDue();
      } catch (RuntimeException e) {
        loopFailure = e;
        LOG.log(Level.WARNING, "runner round failed; trying again: {0}", e.getMessage());
      }
      sleep(TICK);
    }
  }

  private void evictIfDue() {
    if (System.nanoTime() - lastEviction < EVICTION_EVERY.toNanos()) {
      return;
    }
    lastEviction = System.nanoTime();
    java.util.Set<String> inUse = new java.util.HashSet<>();
    host.hosted().stream()
        .filter(h -> h.imageName() != null)
        .forEach(h -> inUse.add(h.imageName()));
    int removed = images.evict(inUse);
    if (removed > 0) {
      LOG.log(Level.INFO, "evicted {0} images from the cache", removed);
    }
  }

  private void awaitLedger() {
    try {
      if (!reader.awaitCaughtUp(LEDGER_WAIT)) {
        throw new IllegalStateException("the fleet's history was not read within " + LEDGER_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private Map<String, Object> kafkaSettings() {
    Map<String, Object> kafka = new HashMap<>(settings.kafkaClient());
    kafka.put("bootstrap.servers", settings.bootstrapServers());
    return kafka;
  }

  private Map<String, Object> readerSettings() {
    Map<String, Object> reader = kafkaSettings();
    reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    reader.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    reader.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    reader.put(ConsumerConfig.CLIENT_ID_CONFIG, "ops-runner-" + settings.runnerId() + "-ledger");
    return reader;
  }

  private Map<String, Object> groupSettings() {
    Map<String, Object> group = readerSettings();
    group.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    group.put(ConsumerConfig.CLIENT_ID_CONFIG, "ops-runner-" + settings.runnerId());
    group.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.runnerId());
    group.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    group.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
    group.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) settings.sessionTimeout().toMillis() / 5);
    return group;
  }

  private static void createTopics(RunnerSettings settings) {
    if (settings.topicReplication() <= 0) {
      return;
    }
    Map<String, Object> admin = new HashMap<>(settings.kafkaClient());
    admin.put("bootstrap.servers", settings.bootstrapServers());
    try (Admin client = Admin.create(admin)) {
      TopicCreator.createMissing(client, settings.topicReplication());
    }
  }

  /** QEMU's version as it reports it, for the heartbeat. */
  private static String qemuVersion() {
    try {
      Process process =
          new ProcessBuilder(HostFacts.QEMU_BINARY, "--version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      java.util.regex.Matcher version =
          java.util.regex.Pattern.compile("version (\\S+)").matcher(output);
      return version.find() ? version.group(1) : "unknown";
    } catch (IOException e) {
      return "missing";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
