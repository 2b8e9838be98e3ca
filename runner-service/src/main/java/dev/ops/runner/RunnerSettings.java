package dev.ops.runner;

import dev.ops.core.registry.RegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything one runner needs to know, whatever reads it (the Quarkus service's configuration, a
 * test, a benchmark).
 *
 * @param runnerId stable across restarts on the same host: the instances on disk are found by it
 * @param host the address people and clients reach this host's forwarded ports at
 * @param bootstrapServers Kafka
 * @param kafkaClient extra Kafka client settings (TLS, SASL), applied to every client
 * @param group the consumer group of all runners, which shares the launch requests
 * @param registry where images and kernels are pulled from
 * @param workDirectory the runner's state: the image cache and one directory per instance
 * @param vcpus virtual CPUs offered to VMs
 * @param memoryMib memory offered to VMs
 * @param labels what launches may select this runner by
 * @param heartbeatInterval how often the runner announces itself
 * @param lostAfter how long another runner may stay silent before its instances are lost
 * @param stopTimeout how long a program gets after SIGTERM when no timeout was asked for
 * @param restartBackoff the first wait before a restart; it doubles up to {@code restartBackoffMax}
 * @param restartBackoffMax the longest wait before a restart
 * @param cacheMaxBytes images not used by an instance are evicted beyond this size
 * @param sessionTimeout the group's session timeout: how soon a dead runner's launches move on
 * @param topicReplication replication of the topics this runner creates when they are missing
 * @param allowKvm whether VMs may use KVM when it works
 * @param vmUidBase the first of the user ids VMs run as, one each, when the runner is root; 0 runs
 *     them as the runner's own user
 */
public record RunnerSettings(
    String runnerId,
    String host,
    String bootstrapServers,
    Map<String, String> kafkaClient,
    String group,
    RegistrySettings registry,
    Path workDirectory,
    int vcpus,
    long memoryMib,
    Map<String, String> labels,
    Duration heartbeatInterval,
    Duration lostAfter,
    Duration stopTimeout,
    Duration restartBackoff,
    Duration restartBackoffMax,
    long cacheMaxBytes,
    Duration sessionTimeout,
    short topicReplication,
    boolean allowKvm,
    int vmUidBase) {

  public static final String DEFAULT_GROUP = "ops-runners";

  public RunnerSettings {
    kafkaClient = Map.copyOf(kafkaClient);
    labels = Map.copyOf(labels);
    if (!runnerId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
      throw new IllegalArgumentException(
          "runner id '" + runnerId + "' must be letters, digits, '.', '_' or '-' (at most 63)");
    }
    if (vmUidBase < 0) {
      throw new IllegalArgumentException("vmUidBase must not be negative, was " + vmUidBase);
    }
    if (vcpus < 1 || memoryMib < 1) {
      throw new IllegalArgumentException("a runner offers at least one vCPU and 1 MiB");
    }
  }

  /** Settings for tests and benchmarks: short intervals, a small host. */
  public static RunnerSettings forTests(
      String runnerId, String bootstrapServers, RegistrySettings registry, Path workDirectory) {
    return new RunnerSettings(
        runnerId,
        "127.0.0.1",
        bootstrapServers,
        Map.of(),
        DEFAULT_GROUP,
        registry,
        workDirectory,
        2,
        1024,
        Map.of(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(6),
        Duration.ofSeconds(10),
        Duration.ofMillis(500),
        Duration.ofSeconds(4),
        1L << 30,
        Duration.ofSeconds(6),
        (short) 1,
        true,
        dev.ops.runner.host.VmUsers.DEFAULT_UID_BASE);
  }

  public RunnerSettings withCapacity(int newVcpus, long newMemoryMib) {
    return new RunnerSettings(
        runnerId,
        host,
        bootstrapServers,
        kafkaClient,
        group,
        registry,
        workDirectory,
        newVcpus,
        newMemoryMib,
        labels,
        heartbeatInterval,
        lostAfter,
        stopTimeout,
        restartBackoff,
        restartBackoffMax,
        cacheMaxBytes,
        sessionTimeout,
        topicReplication,
        allowKvm,
        vmUidBase);
  }

  public RunnerSettings withLabels(Map<String, String> newLabels) {
    return new RunnerSettings(
        runnerId,
        host,
        bootstrapServers,
        kafkaClient,
        group,
        registry,
        workDirectory,
        vcpus,
        memoryMib,
        newLabels,
        heartbeatInterval,
        lostAfter,
        stopTimeout,
        restartBackoff,
        restartBackoffMax,
        cacheMaxBytes,
        sessionTimeout,
        topicReplication,
        allowKvm,
        vmUidBase);
  }

  public RunnerSettings withKafkaClient(Map<String, String> newKafkaClient) {
    return new RunnerSettings(
        runnerId,
        host,
        bootstrapServers,
        newKafkaClient,
        group,
        registry,
        workDirectory,
        vcpus,
        memoryMib,
        labels,
        heartbeatInterval,
        lostAfter,
        stopTimeout,
        restartBackoff,
        restartBackoffMax,
        cacheMaxBytes,
        sessionTimeout,
        topicReplication,
        allowKvm,
        vmUidBase);
  }
}
