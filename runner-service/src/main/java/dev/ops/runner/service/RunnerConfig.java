package dev.ops.runner.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The service's settings, {@code ops.runner.*} in application.properties or the matching
 * environment variables ({@code OPS_RUNNER_ID}, {@code OPS_RUNNER_VCPUS}...). Defaults live in the
 * properties file so that an operator reads them in one place.
 */
@ConfigMapping(prefix = "ops.runner")
public interface RunnerConfig {

  /** Stable across restarts; empty means the host's name. */
  Optional<String> id();

  /** The address clients reach forwarded ports at; empty means the host's name. */
  Optional<String> host();

  Kafka kafka();

  Registry registry();

  Path workDirectory();

  /** vCPUs offered to VMs; 0 means every CPU of the host. */
  int vcpus();

  /** Memory offered to VMs in MiB; 0 means three quarters of the host's. */
  long memoryMib();

  /** Labels launches may select this runner by, {@code zone=eu-1,disk=ssd}. */
  Optional<String> labels();

  Duration heartbeatInterval();

  Duration lostAfter();

  Duration stopTimeout();

  Restart restart();

  long cacheMaxMib();

  @WithDefault("1")
  short topicReplication();

  boolean allowKvm();

  /** The first user id of the VMs' own users when the runner is root; 0: the runner's user. */
  int vmUidBase();

  /** Where the runner reads launches and publishes what happens. */
  interface Kafka {
    String bootstrapServers();

    String group();

    Duration sessionTimeout();

    /** Extra client settings (TLS, SASL): {@code ops.runner.kafka.client."security.protocol"}. */
    Map<String, String> client();
  }

  /** Where images and kernels are pulled from. */
  interface Registry {
    String url();

    Optional<String> token();
  }

  /** Backoff of restart policies. */
  interface Restart {
    Duration first();

    Duration max();
  }
}
