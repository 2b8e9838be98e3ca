package dev.ops.runner.service;

import com.sun.management.OperatingSystemMXBean;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.runner.Runner;
import dev.ops.runner.RunnerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts this host's {@link Runner} with the application and stops it with the application. The VMs
 * keep running when the service stops; the next start takes them over.
 */
@ApplicationScoped
public class RunnerLifecycle {

  private static final long MIB = 1L << 20;
  private static final int MEMORY_SHARE_PERCENT = 75;

  private final RunnerConfig config;
  private final MeterRegistry meters;
  private volatile Runner runner;

  public RunnerLifecycle(RunnerConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
  }

  void onStart(@Observes StartupEvent event) {
    runner = Runner.start(settings(), meters);
  }

  void onStop(@Observes ShutdownEvent event) {
    if (runner != null) {
      runner.close();
    }
  }

  /** The running runner, or null before start and after a failed start. */
  public Runner runner() {
    return runner;
  }

  RunnerSettings settings() {
    String hostName = hostName();
    return new RunnerSettings(
        config.id().orElse(hostName),
        config.host().orElse(hostName),
        config.kafka().bootstrapServers(),
        config.kafka().client(),
        config.kafka().group(),
        RegistrySettings.of(config.registry().url(), config.registry().token().orElse(null)),
        config.workDirectory(),
        config.vcpus() > 0 ? config.vcpus() : Runtime.getRuntime().availableProcessors(),
        config.memoryMib() > 0 ? config.memoryMib() : defaultMemoryMib(),
        parseLabels(config.labels().orElse("")),
        config.heartbeatInterval(),
        config.lostAfter(),
        config.stopTimeout(),
        config.restart().first(),
        config.restart().max(),
        config.cacheMaxMib() * MIB,
        config.kafka().sessionTimeout(),
        config.topicReplication(),
        config.allowKvm(),
        config.vmUidBase());
  }

  /** {@code zone=eu-1,disk=ssd} as a map; a malformed pair is an error at start. */
  static Map<String, String> parseLabels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int equals = pair.indexOf('=');
      if (equals < 1) {
        throw new IllegalArgumentException(
            "label '" + pair.strip() + "' must be KEY=VALUE in ops.runner.labels");
      }
      labels.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return labels;
  }

  private static long defaultMemoryMib() {
    OperatingSystemMXBean system =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return system.getTotalMemorySize() / MIB * MEMORY_SHARE_PERCENT / 100;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
