package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.instance.InstanceRecord;
import dev.ops.core.instance.InstanceState;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.instance.InstanceSupervisor;
import dev.ops.core.qemu.PortForward;
import dev.ops.core.registry.ImageReference;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.LaunchRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops instance}: VMs that run in the background. */
@Command(
    name = "instance",
    mixinStandardHelpOptions = true,
    description = "Run images in the background and manage them.",
    subcommands = {
      InstanceCommand.Create.class,
      InstanceCommand.ListInstances.class,
      InstanceLogsCommand.class,
      InstanceCommand.Stop.class,
      InstanceCommand.Remove.class,
      InstanceCommand.Supervise.class
    })
final class InstanceCommand {

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Start an image in the background and print the instance's name.")
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IMAGE")
    String image;

    @Option(
        names = {"-n", "--name"},
        description = "Instance name (default: IMAGE-<time>).")
    String name;

    @Mixin InstanceFlags instance = new InstanceFlags();

    @Mixin FleetFlags fleet = new FleetFlags();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      if (fleet.fleet) {
        return createOnFleet(workspace);
      }
      StoredImage stored = workspace.images.get(image);
      instance.ports.forEach(PortForward::parse);
      String instanceName =
          name != null
              ? name
              : image.replace('.', '-')
                  + "-"
                  + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
      int memoryMib =
          instance.memory == null ? 0 : dev.ops.core.config.MemorySize.parseMib(instance.memory);
      workspace.instances.create(
          new InstanceRecord(
              instanceName,
              image,
              stored.manifestDigest(),
              InstanceState.STARTING,
              null,
              instance.ports,
              memoryMib,
              instance.cpus,
              Instant.now().toString(),
              null,
              null,
              null,
              null));
      SupervisorProcess.spawn(workspace, instanceName);
      InstanceRecord record = SupervisorProcess.awaitStarted(workspace.instances, instanceName);
      if (record.state() == InstanceState.FAILED || record.state() == InstanceState.LOST) {
        throw new OpsException(
            "instance " + instanceName + " did not start: " + record.outcome(),
            "see 'ops instance logs " + instanceName + "'");
      }
      System.out.println(instanceName);
      return 0;
    }

    /** IMAGE is a registry reference; the id is printed once a runner runs it. */
    private int createOnFleet(Workspace workspace) {
      ImageReference reference = workspace.registrySettings().parse(image);
      LaunchRequested request =
          FleetLaunch.request(
              FleetCommands.newInstanceId(),
              name,
              reference.toString(),
              reference.digest(),
              instance.memory,
              instance.cpus,
              instance.ports,
              fleet.restart,
              fleet.runner,
              fleet.labels);
      KafkaSettings kafka = KafkaSettings.load(workspace.home);
      InstanceRunning running = new FleetLaunch(kafka, workspace.progress).start(request);
      InstanceFollower.describe(running).ifPresent(workspace.progress::milestone);
      System.out.println(request.instanceId());
      return 0;
    }
  }

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List local instances.")
  static final class ListInstances implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--fleet", description = "List the fleet's instances (from Kafka).")
    boolean fleet;

    @Override
    public Integer call() {
      if (fleet) {
        return FleetTables.printInstances(
            FleetState.instances(KafkaSettings.load(Workspace.open(false).home)), json);
      }
      List<InstanceRecord> records = Workspace.open(false).instances.list();
      if (json) {
        Output.printJson(records);
        return 0;
      }
      Output.printTable(
          List.of("NAME", "IMAGE", "STATE", "STATUS", "PORTS", "CREATED"),
          records.stream()
              .map(
                  r ->
                      List.of(
                          r.name(),
                          r.image(),
                          r.state().name().toLowerCase(java.util.Locale.ROOT),
                          r.exitStatus() == null ? "" : r.exitStatus().toString(),
                          String.join(",", r.ports()),
                          r.createdAt()))
              .toList());
      return 0;
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = "Stop instances gracefully (SIGTERM, then the VM is killed after a grace).")
  static final class Stop implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INSTANCE")
    List<String> names;

    @Option(names = "--fleet", description = "Stop fleet instances (by id).")
    boolean fleet;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "10",
        description = "Fleet only: seconds after SIGTERM before the VM is killed.")
    int timeoutSeconds;

    @Override
    public Integer call() {
      if (fleet) {
        return FleetCommands.stop(Workspace.open(false), names, timeoutSeconds);
      }
      InstanceStore instances = Workspace.open(false).instances;
      for (String name : names) {
        InstanceRecord record = SupervisorProcess.stop(instances, name);
        System.out.println(name + " " + record.state().name().toLowerCase(java.util.Locale.ROOT));
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove instances.")
  static final class Remove implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "INSTANCE")
    List<String> names;

    @Option(
        names = {"-f", "--force"},
        description = "Stop a running instance first.")
    boolean force;

    @Option(names = "--fleet", description = "Remove fleet instances (by id), stopping them.")
    boolean fleet;

    @Override
    public Integer call() {
      if (fleet) {
        return FleetCommands.remove(Workspace.open(false), names);
      }
      InstanceStore instances = Workspace.open(false).instances;
      for (String name : names) {
        if (instances.get(name).isActive()) {
          if (!force) {
            throw new OpsException(
                "instance " + name + " is still running",
                "stop it first with 'ops instance stop " + name + "', or use rm --force");
          }
          SupervisorProcess.stop(instances, name);
        }
        instances.remove(name);
        System.out.println("removed " + name);
      }
      return 0;
    }
  }

  @Command(
      name = "supervise",
      hidden = true,
      description = "Internal: own one instance's VM (started by 'instance create').")
  static final class Supervise implements Callable<Integer> {

    @Parameters(index = "0")
    String name;

    @Option(names = "--stop-timeout", defaultValue = "10")
    int stopTimeoutSeconds;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(true);
      return new InstanceSupervisor(workspace.instances, workspace.images, workspace.launcher())
          .supervise(name, Duration.ofSeconds(stopTimeoutSeconds));
    }
  }
}
