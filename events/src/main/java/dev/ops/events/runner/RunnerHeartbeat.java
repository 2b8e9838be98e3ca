package dev.ops.events.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A fact: a runner is alive, and what it can still take. Sent when the runner starts and then every
 * {@code intervalSeconds}; a runner silent for a few intervals is considered gone.
 *
 * @param runnerId the runner's id, stable across restarts on the same host
 * @param host the host's name or address
 * @param startedAt when this runner process started; a change means it restarted
 * @param intervalSeconds how often this runner sends heartbeats
 * @param vcpusTotal virtual CPUs it offers to VMs
 * @param vcpusFree virtual CPUs not reserved by its instances
 * @param memoryMibTotal memory it offers to VMs, in MiB
 * @param memoryMibFree memory not reserved by its instances, in MiB
 * @param kvm whether its VMs run under KVM (otherwise TCG, many times slower)
 * @param qemuVersion the QEMU version it runs, such as {@code 7.2.15}
 * @param kernelsCached digests of the kernels in its cache, which placement may prefer
 * @param instances ids of the instances it holds, running or starting
 * @param labels what launches may select it by ({@code zone=eu-1}, {@code disk=ssd})
 */
public record RunnerHeartbeat(
    String runnerId,
    String host,
    Instant startedAt,
    @JsonProperty(required = true) int intervalSeconds,
    @JsonProperty(required = true) int vcpusTotal,
    @JsonProperty(required = true) int vcpusFree,
    @JsonProperty(required = true) long memoryMibTotal,
    @JsonProperty(required = true) long memoryMibFree,
    @JsonProperty(required = true) boolean kvm,
    String qemuVersion,
    List<String> kernelsCached,
    List<String> instances,
    Map<String, String> labels)
    implements EventPayload {

  public RunnerHeartbeat {
    Require.text(runnerId, "runnerId");
    Require.text(host, "host");
    Require.present(startedAt, "startedAt");
    Require.positive(intervalSeconds, "intervalSeconds");
    Require.nonNegative(vcpusFree, "vcpusFree");
    Require.atMost(vcpusFree, vcpusTotal, "vcpusFree", "vcpusTotal");
    Require.nonNegative(memoryMibFree, "memoryMibFree");
    if (memoryMibFree > memoryMibTotal) {
      throw new IllegalArgumentException(
          "memoryMibFree (" + memoryMibFree + ") must not exceed memoryMibTotal");
    }
    Require.text(qemuVersion, "qemuVersion");
    kernelsCached = Require.list(kernelsCached, "kernelsCached");
    kernelsCached.forEach(digest -> Require.digest(digest, "kernelsCached"));
    instances = Require.list(instances, "instances");
    labels = Require.map(labels, "labels");
  }

  @Override
  public String key() {
    return runnerId;
  }
}
