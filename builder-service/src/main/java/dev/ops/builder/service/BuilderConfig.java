package dev.ops.builder.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The service's settings, {@code ops.builder.*} in application.properties or the matching
 * environment variables ({@code OPS_BUILDER_CONCURRENCY}...). Defaults live in the properties file
 * so that an operator reads them in one place.
 */
@ConfigMapping(prefix = "ops.builder")
public interface BuilderConfig {

  /** This instance's id in events; empty means the host name and a random suffix. */
  Optional<String> id();

  Kafka kafka();

  Registry registry();

  int concurrency();

  Path workDirectory();

  String defaultKernel();

  Retry retry();

  /** The blob cache is trimmed to this many MiB after builds. */
  long cacheMaxMib();

  /**
   * Replication factor of the topics created when missing; 0 leaves topics to the deploy scripts.
   */
  @WithDefault("1")
  short topicReplication();

  /** How long a stopping builder waits for its builds in flight. */
  Duration drainTimeout();

  /** Where the builder reads requests and publishes events. */
  interface Kafka {
    String bootstrapServers();

    String group();

    Duration sessionTimeout();

    /** Extra client settings (TLS, SASL): {@code ops.builder.kafka.client."security.protocol"}. */
    Map<String, String> client();
  }

  /** Where request blobs come from and images go. */
  interface Registry {
    String url();

    Optional<String> token();
  }

  /** Patience with transient faults (a registry restarting). */
  interface Retry {
    int attempts();

    Duration first();

    Duration max();
  }
}
