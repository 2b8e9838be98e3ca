package dev.ops.runner.control;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.runner.RunnerSettings;
import dev.ops.runner.host.HostedInstance;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Announces this runner: on start, then every interval, with what it can still take. */
public final class Heartbeats {

  private final RunnerSettings settings;
  private final Reporter reporter;
  private final KernelCatalogue kernels;
  private final Supplier<Capacity> capacity;
  private final Supplier<List<HostedInstance>> hosted;
  private final boolean kvm;
  private final String qemuVersion;
  private final Instant startedAt = Instant.now();
  private Instant nextAt = Instant.EPOCH;

  public Heartbeats(
      RunnerSettings settings,
      Reporter reporter,
      KernelCatalogue kernels,
      Supplier<Capacity> capacity,
      Supplier<List<HostedInstance>> hosted,
      boolean kvm,
      String qemuVersion) {
    this.settings = settings;
    this.reporter = reporter;
    this.kernels = kernels;
    this.capacity = capacity;
    this.hosted = hosted;
    this.kvm = kvm;
    this.qemuVersion = qemuVersion;
  }

  /** Sends a heartbeat when one is due. */
  public void beatIfDue() {
    Instant now = Instant.now();
    if (now.isBefore(nextAt)) {
      return;
    }
    reporter.event(heartbeat());
    nextAt = now.plus(settings.heartbeatInterval());
  }

  public RunnerHeartbeat heartbeat() {
    Capacity free = capacity.get();
    return new RunnerHeartbeat(
        settings.runnerId(),
        settings.host(),
        startedAt,
        (int) Math.max(1, settings.heartbeatInterval().toSeconds()),
        free.vcpusTotal(),
        Math.min(free.vcpusFree(), free.vcpusTotal()),
        free.memoryMibTotal(),
        Math.min(free.memoryMibFree(), free.memoryMibTotal()),
        kvm,
        qemuVersion,
        kernels.list().stream().map(Kernel::digest).distinct().toList(),
        hosted.get().stream()
            .filter(HostedInstance::holdsVm)
            .map(HostedInstance::instanceId)
            .toList(),
        settings.labels());
  }
}
