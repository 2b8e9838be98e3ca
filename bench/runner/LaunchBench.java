import dev.ops.core.kernel.Kernel;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.instance.StopRequested;
import dev.ops.runner.testing.Programs;
import dev.ops.runner.testing.RunnerFleet;
import java.util.ArrayList;
import java.util.List;

/**
 * Runner benchmark, real parts: a KRaft broker and a CNCF Distribution registry as child processes,
 * runners in this JVM, every VM a real QEMU (TCG here) with its own supervisor process.
 *
 * <ul>
 *   <li>launch latency: launches one at a time to one idle runner, the image already cached after
 *       the first; from publishing the launch to reading its {@code running}, next to the VM's own
 *       {@code bootMillis} (QEMU start to program start) carried by that event;
 *   <li>throughput: N launches of a program that exits at once, published together to two runners;
 *       from the first publish to the last {@code exited} read back.
 * </ul>
 *
 * Arguments: {@code --samples N} (default 10), {@code --burst N} (default 8).
 */
public final class LaunchBench {

  public static void main(String[] args) throws Exception {
    int samples = intArg(args, "--samples", 10);
    int burst = intArg(args, "--burst", 8);
    try (RunnerFleet fleet = RunnerFleet.start()) {
      ImageReference serves =
          fleet.images.push("serves", Programs.SERVES_UNTIL_TERM, Kernel.MINIMAL);
      ImageReference exits = fleet.images.push("exits", Programs.EXITS_3, Kernel.MINIMAL);
      fleet.runner(fleet.settings("bench-a").withCapacity(16, 8192));

      List<Long> latencies = new ArrayList<>();
      List<Long> boots = new ArrayList<>();
      for (int i = 0; i <= samples; i++) {
        long start = System.nanoTime();
        String id = fleet.launch(serves, RestartPolicy.NO, null);
        InstanceRunning running = fleet.log.await(id, InstanceRunning.class);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (i > 0) { // the first pulls the image and warms the JVM
          latencies.add(millis);
          boots.add(running.bootMillis());
        }
        fleet.publish(new StopRequested(id, 5, "bench"));
        fleet.log.await(id, InstanceExited.class);
      }

      fleet.runner(fleet.settings("bench-b").withCapacity(16, 8192));
      fleet.launch(exits, RestartPolicy.NO, null); // warm the second runner's cache
      Thread.sleep(5000);
      List<String> ids = new ArrayList<>();
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        ids.add(fleet.launch(exits, RestartPolicy.NO, null));
      }
      for (String id : ids) {
        fleet.log.await(id, InstanceExited.class);
      }
      double seconds = (System.nanoTime() - start) / 1e9;

      System.out.println("| figure | value |");
      System.out.println("|---|---|");
      System.out.printf("| launch to running, p50 / max (%d launches) | %d ms / %d ms |%n",
          latencies.size(), percentile(latencies, 50), percentile(latencies, 100));
      System.out.printf("| of which the VM's own boot, p50 / max | %d ms / %d ms |%n",
          percentile(boots, 50), percentile(boots, 100));
      System.out.printf("| %d launches on 2 runners, publish to last exited | %.1f s (%.2f launches/s) |%n",
          burst, seconds, burst / seconds);
      System.out.printf("| load average after | %s |%n",
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0]);
    }
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
