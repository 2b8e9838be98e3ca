package dev.ops.runner.service;

import dev.ops.runner.Runner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Liveness: the runner's threads run (they end only on a fatal Kafka error, which a restart
 * remedies). Readiness: it has read the fleet's history and owns a share of the launches.
 */
@ApplicationScoped
public class RunnerHealth {

  private final RunnerLifecycle lifecycle;

  public RunnerHealth(RunnerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> {
      Runner runner = lifecycle.runner();
      return HealthCheckResponse.named("runner").status(runner != null && runner.live()).build();
    };
  }

  @Produces
  @Readiness
  HealthCheck ready() {
    return () -> {
      Runner runner = lifecycle.runner();
      return HealthCheckResponse.named("fleet-history-and-launches")
          .status(runner != null && runner.ready())
          .build();
    };
  }
}
