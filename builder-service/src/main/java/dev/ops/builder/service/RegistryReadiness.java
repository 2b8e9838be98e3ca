package dev.ops.builder.service;

import dev.ops.builder.build.Builder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the registry answers: without it no build can pull or push. */
@Readiness
@ApplicationScoped
public class RegistryReadiness implements HealthCheck {

  private final BuilderLifecycle lifecycle;

  public RegistryReadiness(BuilderLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public HealthCheckResponse call() {
    Builder builder = lifecycle.builder();
    return HealthCheckResponse.named("registry")
        .status(builder != null && builder.registryReachable())
        .build();
  }
}
