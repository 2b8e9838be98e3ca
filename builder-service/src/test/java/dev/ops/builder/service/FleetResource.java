package dev.ops.builder.service;

import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestKernels;
import dev.ops.core.kernel.KernelStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;

/** Kafka and a registry for the service under test, started before the application. */
public class FleetResource implements QuarkusTestResourceLifecycleManager {

  static TestFleet fleet;

  @Override
  public Map<String, String> start() {
    fleet = TestFleet.start();
    Path work = fleet.directory().resolve("service");
    TestKernels.install(new KernelStore(work.resolve("kernels")));
    return Map.of(
        "ops.builder.id",
        "service-builder",
        "ops.builder.kafka.bootstrap-servers",
        fleet.kafka.bootstrapServers(),
        "ops.builder.kafka.session-timeout",
        TestFleet.SESSION_TIMEOUT.toSeconds() + "s",
        "ops.builder.registry.url",
        fleet.registry.url().toString(),
        "ops.builder.work-directory",
        work.toString(),
        "ops.builder.default-kernel",
        TestKernels.NAME,
        "ops.builder.retry.attempts",
        "2",
        "ops.builder.retry.first",
        "100ms");
  }

  @Override
  public void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }
}
