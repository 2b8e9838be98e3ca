package dev.ops.builder.testing;

import dev.ops.builder.Backoff;
import dev.ops.builder.BuilderSettings;
import dev.ops.builder.build.Builder;
import dev.ops.core.Progress;
import dev.ops.core.kernel.KernelStore;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.util.FileTrees;
import dev.ops.events.EventPublisher;
import dev.ops.events.topic.TopicCreator;
import dev.ops.kafka.harness.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * A fleet for one test class: a real Kafka broker and a real registry, the fleet's topics, a
 * requester's publisher and client, a log of the events, and builders started on demand. The broker
 * is the class's own, so no other class's requests reach its builders.
 */
public final class TestFleet implements AutoCloseable {

  /** Short enough for a test to see a dead builder replaced; the broker allows no less. */
  public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);

  public final KafkaBroker kafka;
  public final LocalRegistry registry;
  public final RegistryClient client;
  public final EventPublisher requester;
  public final EventLog events;
  public final TestRequests requests;
  private final Path directory;
  private final List<Builder> builders = new ArrayList<>();

  private TestFleet(KafkaBroker kafka, LocalRegistry registry, Path directory) {
    this.kafka = kafka;
    this.registry = registry;
    this.directory = directory;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      TopicCreator.createMissing(admin, (short) 1);
    }
    this.client = new RegistryClient(registry.url(), Optional.empty(), Progress.SILENT);
    this.requester = EventPublisher.connect(kafka.bootstrapServers(), URI.create("/ops/test"));
    this.events = new EventLog(kafka.bootstrapServers());
    this.requests = new TestRequests(client, directory.resolve("requester"));
  }

  public static TestFleet start() {
    try {
      return new TestFleet(
          KafkaBroker.start(), LocalRegistry.start(), Files.createTempDirectory("ops-fleet-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for a builder of this fleet, with its own work directory and the fake kernel. */
  public BuilderSettings settings(String builderId) {
    Path work = directory.resolve(builderId);
    TestKernels.install(new KernelStore(work.resolve("kernels")));
    return BuilderSettings.defaults(builderId, kafka.bootstrapServers(), registry.url(), work)
        .withDefaultKernel(TestKernels.NAME)
        .withSessionTimeout(SESSION_TIMEOUT)
        .withRetry(new Backoff(3, Duration.ofMillis(200), Duration.ofSeconds(1)));
  }

  public Builder startBuilder(String builderId) {
    return startBuilder(settings(builderId));
  }

  public Builder startBuilder(BuilderSettings settings) {
    Builder builder = Builder.start(settings, new SimpleMeterRegistry());
    builders.add(builder);
    return builder;
  }

  public Path directory() {
    return directory;
  }

  /** Stops the builders started so far, each committing what it handled. */
  public void stopBuilders() {
    builders.forEach(Builder::close);
    builders.clear();
  }

  @Override
  public void close() {
    stopBuilders();
    events.close();
    requester.close();
    registry.close();
    kafka.close();
    FileTrees.deleteQuietly(directory);
  }
}
