package dev.ops.runner.control;

import dev.ops.events.instance.LaunchRequested;
import dev.ops.runner.RunnerSettings;
import dev.ops.runner.host.HostedInstance;
import dev.ops.runner.ledger.InstanceView;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What this runner has promised: the vCPUs and memory of every instance it holds a VM for, and of
 * those scheduled to it that have not started yet. A runner never promises more than it offers.
 */
public record Capacity(int vcpusTotal, long memoryMibTotal, int vcpusUsed, long memoryMibUsed) {

  public static Capacity of(
      RunnerSettings settings, Collection<HostedInstance> hosted, Collection<InstanceView> views) {
    Map<String, LaunchRequested> reserved = new HashMap<>();
    for (HostedInstance instance : hosted) {
      if (instance.holdsVm()) {
        reserved.put(instance.instanceId(), instance.launch());
      }
    }
    for (InstanceView view : views) {
      if (view.isActive() && view.heldBy(settings.runnerId()) && view.launch() != null) {
        reserved.putIfAbsent(view.instanceId(), view.launch());
      }
    }
    int cpus = reserved.values().stream().mapToInt(LaunchRequested::cpus).sum();
    long memory = reserved.values().stream().mapToLong(LaunchRequested::memoryMib).sum();
    return new Capacity(settings.vcpus(), settings.memoryMib(), cpus, memory);
  }

  public int vcpusFree() {
    return Math.max(0, vcpusTotal - vcpusUsed);
  }

  public long memoryMibFree() {
    return Math.max(0, memoryMibTotal - memoryMibUsed);
  }

  /** Whether the promises, {@code launch} included, fit what the runner offers. */
  public boolean holdsWith(LaunchRequested launch, boolean alreadyCounted) {
    int cpus = vcpusUsed + (alreadyCounted ? 0 : launch.cpus());
    long memory = memoryMibUsed + (alreadyCounted ? 0 : launch.memoryMib());
    return cpus <= vcpusTotal && memory <= memoryMibTotal;
  }
}
