package dev.ops.builder.service;

import dev.ops.builder.build.Builder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the request consumer runs. Its loop ends only on a fatal Kafka error (bad settings,
 * lost authorisation), which a restart of the service is the remedy for.
 */
@Liveness
@ApplicationScoped
public class ConsumerLiveness implements HealthCheck {

  private final BuilderLifecycle lifecycle;

  public ConsumerLiveness(BuilderLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    Builder builder = lifecycle.builder();
    return HealthCheckResponse.named("build-requests-consumer")
        .status(builder != null && builder.consuming())
        .build();
  }
}
