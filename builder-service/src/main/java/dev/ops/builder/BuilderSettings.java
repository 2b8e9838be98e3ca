package dev.ops.builder;

import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.RegistrySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one builder instance needs to know, whoever starts it (the Quarkus service, a test, a
 * benchmark).
 *
 * @param builderId this instance's id in events ({@code started.builder}) and in its event source
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param groupId the consumer group all builders share, so each request goes to one of them
 * @param registry the registry to pull request blobs from and push images to
 * @param concurrency how many builds run at once
 * @param workDirectory the blob cache, the kernel cache and each build's scratch space
 * @param defaultKernel the kernel for requests that name none: a registry reference, or a name or
 *     flavour of the local kernel catalogue
 * @param retry how transient faults (registry down) are retried before a build fails
 * @param sessionTimeout how long the group waits for a silent builder before giving its partitions
 *     to another
 * @param drainTimeout how long a stopping builder waits for its builds in flight
 * @param cacheMaxBytes the blob cache is trimmed to this size after builds, least recently used
 *     first
 * @param topicReplication replication factor of the topics this builder creates when missing; 0
 *     creates none
 * @param kafkaClient extra Kafka client settings (TLS, SASL), applied to every client it makes
 */
public record BuilderSettings(
    String builderId,
    String bootstrapServers,
    String groupId,
    RegistrySettings registry,
    int concurrency,
    Path workDirectory,
    String defaultKernel,
    Backoff retry,
    Duration sessionTimeout,
    Duration drainTimeout,
    long cacheMaxBytes,
    short topicReplication,
    Map<String, String> kafkaClient) {

  public static final String DEFAULT_GROUP = "ops-builders";

  public BuilderSettings {
    kafkaClient = Map.copyOf(kafkaClient);
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
    }
    if (registry.url().isEmpty()) {
      throw new IllegalArgumentException("a builder needs a registry URL");
    }
  }

  /** Settings with the defaults a service starts from; tests and benchmarks adjust them. */
  public static BuilderSettings defaults(
      String builderId, String bootstrapServers, URI registry, Path workDirectory) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        DEFAULT_GROUP,
        RegistrySettings.of(registry.toString(), null),
        2,
        workDirectory,
        KernelCatalogue.defaultFlavour(),
        Backoff.DEFAULT,
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        2L << 30,
        (short) 1,
        Map.of());
  }

  public URI registryUrl() {
    return registry.url().orElseThrow();
  }

  public Optional<String> registryToken() {
    return registry.token();
  }

  public BuilderSettings withRegistry(RegistrySettings newRegistry) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        groupId,
        newRegistry,
        concurrency,
        workDirectory,
        defaultKernel,
        retry,
        sessionTimeout,
        drainTimeout,
        cacheMaxBytes,
        topicReplication,
        kafkaClient);
  }

  public BuilderSettings withDefaultKernel(String newDefaultKernel) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        groupId,
        registry,
        concurrency,
        workDirectory,
        newDefaultKernel,
        retry,
        sessionTimeout,
        drainTimeout,
        cacheMaxBytes,
        topicReplication,
        kafkaClient);
  }

  public BuilderSettings withRetry(Backoff newRetry) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        groupId,
        registry,
        concurrency,
        workDirectory,
        defaultKernel,
        newRetry,
        sessionTimeout,
        drainTimeout,
        cacheMaxBytes,
        topicReplication,
        kafkaClient);
  }

  public BuilderSettings withKafkaClient(Map<String, String> newKafkaClient) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        groupId,
        registry,
        concurrency,
        workDirectory,
        defaultKernel,
        retry,
        sessionTimeout,
        drainTimeout,
        cacheMaxBytes,
        topicReplication,
        newKafkaClient);
  }

  public BuilderSettings withSessionTimeout(Duration newSessionTimeout) {
    return new BuilderSettings(
        builderId,
        bootstrapServers,
        groupId,
        registry,
        concurrency,
        workDirectory,
        defaultKernel,
        retry,
        newSessionTimeout,
        drainTimeout,
        cacheMaxBytes,
        topicReplication,
        kafkaClient);
  }

  public Path blobCache() {
    return workDirectory.resolve("blobs");
  }

  public Path kernels() {
    return workDirectory.resolve("kernels");
  }

  public Path builds() {
    return workDirectory.resolve("builds");
  }
}
