package dev.ops.builder.service;

import dev.ops.builder.Backoff;
import dev.ops.builder.BuilderSettings;
import dev.ops.builder.build.Builder;
import dev.ops.core.registry.RegistrySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Starts this service's one {@link Builder} with the application and stops it with the application,
 * so that a stopping service finishes (or leaves uncommitted) what it was building.
 */
@ApplicationScoped
public class BuilderLifecycle {

  private static final long MIB = 1L << 20;
  private static final int SUFFIX_LENGTH = 6;

  private final BuilderConfig config;
  private final MeterRegistry meters;
  private volatile Builder builder;

  public BuilderLifecycle(BuilderConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  void onStart(@Observes StartupEvent event) {
    builder = Builder.start(settings(), meters);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (builder != null) {
      builder.close();
    }
  }

  /** The running builder, or null before start and after a failed start. */
  public Builder builder() {
    return builder;
  }

  BuilderSettings settings() {
    return new BuilderSettings(
        config.id().orElseGet(BuilderLifecycle::generatedId),
        config.kafka().bootstrapServers(),
        config.kafka().group(),
        RegistrySettings.of(config.registry().url(), config.registry().token().orElse(null)),
        config.concurrency(),
        config.workDirectory(),
        config.defaultKernel(),
        new Backoff(config.retry().attempts(), config.retry().first(), config.retry().max()),
        config.kafka().sessionTimeout(),
        config.drainTimeout(),
        config.cacheMaxMib() * MIB,
        config.topicReplication(),
        config.kafka().client());
  }

  /** Like a pod name: which host, and which run of the service on it. */
  private static String generatedId() {
    String suffix = UUID.randomUUID().toString().substring(0, SUFFIX_LENGTH);
    try {
      return "builder-" + InetAddress.getLocalHost().getHostName() + "-" + suffix;
    } catch (UnknownHostException e) {
      return "builder-" + suffix;
    }
  }
}
