package dev.ops.runner.control;

import dev.ops.events.instance.InstancePhase;
import dev.ops.runner.host.HostedInstance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** The runner's Prometheus metrics, named {@code ops_runner_*} once exported. */
public final class RunnerMetrics {

  private final Counter pulledBytes;
  private final Counter qemuFailures;
  private final Counter consoleLines;
  private final Timer launchLatency;
  private final Timer bootTime;

  public RunnerMetrics(MeterRegistry registry, Supplier<List<HostedInstance>> hosted) {
    pulledBytes =
        Counter.builder("ops.runner.pull.bytes")
            .description("bytes of images and kernels pulled from the registry")
            .register(registry);
    qemuFailures =
        Counter.builder("ops.runner.launch.failures")
            .description("launches that could not pull or start their VM")
            .register(registry);
    consoleLines =
        Counter.builder("ops.runner.console.lines")
            .description("console lines published")
            .register(registry);
    launchLatency =
        Timer.builder("ops.runner.launch.latency")
            .description("from taking a scheduled launch to its VM's supervisor starting")
            .register(registry);
    bootTime =
        Timer.builder("ops.runner.boot.time")
            .description("from QEMU's start to the program's start")
            .register(registry);
    for (InstancePhase phase : InstancePhase.values()) {
      Gauge.builder("ops.runner.instances", hosted, list -> count(list.get(), phase))
          .description("instances held on this runner, by the last phase it reported")
          .tag("state", phase.name().toLowerCase(Locale.ROOT))
          // Micrometer holds gauge sources weakly; the supplier has no other owner.
          .strongReference(true)
          .register(registry);
    }
  }

  private static double count(List<HostedInstance> hosted, InstancePhase phase) {
    return hosted.stream().filter(h -> h.reported() == phase).count();
  }

  void pulled(long bytes) {
    pulledBytes.increment(bytes);
  }

  void qemuFailure() {
    qemuFailures.increment();
  }

  void consoleLines(int count) {
    consoleLines.increment(count);
  }

  void launchStarted(Duration latency) {
    launchLatency.record(latency);
  }

  void booted(Duration boot) {
    bootTime.record(boot);
  }
}
