package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.instance.InstanceRecord;
import dev.ops.core.instance.InstanceState;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.instance.InstanceSupervisor;
import dev.ops.core.qemu.PortForward;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(
        names = {"-p", "--port"},
        paramLabel = "HOST[:GUEST]",
        description = "Forward a TCP port from 127.0.0.1 on the host (repeatable).")
    List<String> ports = new java.util.ArrayList<>();

    @Option(
        names = {"-m", "--memory"},
        paramLabel = "SIZE",
        description = "Guest memory.")
    String memory;

    @Option(names = "--smp", paramLabel = "N", defaultValue = "1", description = "Virtual CPUs.")
    int cpus;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      StoredImage stored = workspace.images.get(image);
      ports.forEach(PortForward::parse);
      String instanceName =
          name != null
              ? name
              : image.replace('.', '-')
                  + "-"
                  + Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
      int memoryMib = memory == null ? 0 : dev.ops.core.config.MemorySize.parseMib(memory);
      workspace.instances.create(
          new InstanceRecord(
              instanceName,
              image,
              stored.manifestDigest(),
              InstanceState.STARTING,
              null,
              ports,
              memoryMib,
              cpus,
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
  }

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List local instances.")
  static final class ListInstances implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
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

    @Override
    public Integer call() {
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

    @Override
    public Integer call() {
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
