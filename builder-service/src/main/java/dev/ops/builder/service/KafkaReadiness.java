package dev.ops.builder.service;

import dev.ops.builder.build.Builder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the brokers answer and the request consumer runs. */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

  private final BuilderLifecycle lifecycle;

  public KafkaReadiness(BuilderLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    Builder builder = lifecycle.builder();
    boolean reachable = builder != null && builder.kafkaReachable();
    boolean consuming = builder != null && builder.consuming();
    return HealthCheckResponse.named("kafka")
        .status(reachable && consuming)
        .withData("reachable", reachable)
        .withData("consuming", consuming)
        .build();
  }
}
