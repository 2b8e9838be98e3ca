package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.launch.VmOutcome;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.LaunchRequested;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ops deploy IMAGE --replicas N}: N instances spread over the fleet. Their ids follow from
 * the name and the replica's number, so deploying again starts only the replicas that do not exist
 * (runners ignore a launch for an id they know).
 */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description =
        "Run N instances of a registry image on the fleet (ids NAME-1..NAME-N; running it again"
            + " starts only missing replicas).")
final class DeployCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "IMAGE", description = "A registry reference.")
  String image;

  @Option(
      names = "--replicas",
      paramLabel = "N",
      defaultValue = "1",
      description = "How many instances (default 1).")
  int replicas;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description = "Names NAME-1..NAME-N, ids d-NAME-1.. (default: the image's repository).")
  String name;

  @Mixin InstanceFlags instance = new InstanceFlags();

  @Mixin FleetFlags fleet = new FleetFlags();

  @Override
  public Integer call() {
    if (replicas < 1) {
      throw new OpsException("--replicas must be at least 1");
    }
    Workspace workspace = Workspace.open(false);
    ImageReference reference = workspace.registrySettings().parse(image);
    String base = name != null ? name : reference.lastComponent();
    KafkaSettings kafka = KafkaSettings.load(workspace.home);
    Map<String, InstanceState> known = FleetState.instances(kafka);
    FleetLaunch launches = new FleetLaunch(kafka, workspace.progress);
    int failed = 0;
    for (int replica = 1; replica <= replicas; replica++) {
      String id = replicaId(base, replica);
      if (known.containsKey(id)) {
        System.out.println(id + " " + known.get(id).phase().wireName() + " (already deployed)");
        continue;
      }
      try {
        launches.start(request(id, base + "-" + replica, reference));
        System.out.println(id + " running");
      } catch (OpsException e) {
        System.err.println("ops: " + e.getMessage());
        failed++;
      }
    }
    return failed == 0 ? 0 : VmOutcome.VM_FAILURE_STATUS;
  }

  /** The id of replica {@code n} of a deployment named {@code base}. */
  static String replicaId(String base, int replica) {
    return "d-" + base.replaceAll("[^A-Za-z0-9_-]", "-") + "-" + replica;
  }

  private LaunchRequested request(String id, String replicaName, ImageReference reference) {
    return FleetLaunch.request(
        id,
        replicaName,
        reference.toString(),
        reference.digest(),
        instance.memory,
        instance.cpus,
        instance.ports,
        fleet.restart,
        fleet.runner,
        fleet.labels);
  }
}
