package dev.ops.runner.testing;

import static org.awaitility.Awaitility.await;

import dev.ops.builder.testing.LocalRegistry;
import dev.ops.core.instance.InstanceRecord;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.core.util.FileTrees;
import dev.ops.events.EventPayload;
import dev.ops.events.EventPublisher;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.Placement;
import dev.ops.events.instance.PortMapping;
import dev.ops.events.instance.RestartPolicy;
import dev.ops.events.topic.TopicCreator;
import dev.ops.kafka.harness.KafkaBroker;
import dev.ops.runner.Runner;
import dev.ops.runner.RunnerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * A fleet for one test class: a real Kafka broker and registry, the fleet's topics, a requester's
 * publisher, a log of instance events, images, and runners started on demand, in this JVM or in
 * processes of their own (to be killed the hard way). Closing it kills every VM its runners
 * started, which a runner's own close deliberately leaves running.
 */
public final class RunnerFleet implements AutoCloseable {

  private static final String LOOPBACK = "127.0.0.1";

  public final KafkaBroker kafka;
  public final LocalRegistry registry;
  public final EventPublisher requester;
  public final InstanceLog log;
  public final TestImages images;
  private final Path directory;
  private final List<Runner> runners = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private RunnerFleet(KafkaBroker kafka, LocalRegistry registry, Path directory) {
    this.kafka = kafka;
    this.registry = registry;
    this.directory = directory;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      TopicCreator.createMissing(admin, (short) 1);
    }
    this.requester = EventPublisher.connect(kafka.bootstrapServers(), URI.create("/ops/test"));
    this.log = new InstanceLog(kafka.bootstrapServers());
    this.images = new TestImages(createDirectory(directory.resolve("images")), registry);
  }

  public static RunnerFleet start() {
    return start(LOOPBACK);
  }

  /**
   * A fleet whose broker and registry listen on {@code address}, one of this machine's: runners in
   * other network namespaces reach them there.
   */
  public static RunnerFleet start(String address) {
    try {
      // Passable by others (o+x), as VMs that run as users of their own need their work directory.
      Path directory =
          Files.createTempDirectory(
              "ops-runner-test-",
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")));
      KafkaBroker kafka = KafkaBroker.builder().withHost(address).start();
      return new RunnerFleet(kafka, LocalRegistry.start(address), directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RunnerSettings settings(String runnerId) {
    return RunnerSettings.forTests(
        runnerId,
        kafka.bootstrapServers(),
        RegistrySettings.of(registry.url().toString(), null),
        workDirectory(runnerId));
  }

  /** Where the runner of this id keeps its cache and instances. */
  public Path workDirectory(String runnerId) {
    return directory.resolve("runners").resolve(runnerId);
  }

  /** A process this fleet stops when it closes. */
  public Process own(Process process) {
    processes.add(process);
    return process;
  }

  /** A runner in this JVM, ready: it has read the history and owns launch partitions. */
  public Runner runner(RunnerSettings settings) {
    Runner runner = Runner.start(settings, new SimpleMeterRegistry());
    runners.add(runner);
    await().atMost(Duration.ofSeconds(60)).until(runner::ready);
    return runner;
  }

  /** A runner in a process of its own, started like {@link #runner}; returns when it is ready. */
  public Process runnerProcess(String runnerId) {
    return runnerProcess(runnerId, command -> command);
  }

  /**
   * A runner in a process of its own whose command line {@code launcher} wraps (to run it in
   * another network namespace, say); returns when it is ready.
   */
  public Process runnerProcess(String runnerId, UnaryOperator<List<String>> launcher) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        launcher.apply(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                RunnerProcessMain.class.getName(),
                runnerId,
                kafka.bootstrapServers(),
                registry.url().toString(),
                workDirectory(runnerId).toString()));
    try {
      File output = directory.resolve(runnerId + ".log").toFile();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(output))
              .start();
      processes.add(process);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  !process.isAlive()
                      || Files.readString(output.toPath()).contains(RunnerProcessMain.READY));
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "runner process died: " + Files.readString(output.toPath()));
      }
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String launch(ImageReference image, RestartPolicy restart, Placement placement) {
    String instanceId = "i-" + UUID.randomUUID();
    publish(launchOf(instanceId, image, restart, placement));
    return instanceId;
  }

  public LaunchRequested launchOf(
      String instanceId, ImageReference image, RestartPolicy restart, Placement placement) {
    return launchOf(instanceId, image, restart, placement, 64, List.of());
  }

  public LaunchRequested launchOf(
      String instanceId,
      ImageReference image,
      RestartPolicy restart,
      Placement placement,
      int memoryMib,
      List<PortMapping> ports) {
    return new LaunchRequested(
        instanceId,
        null,
        image.registry() + "/" + image.repository() + ":" + image.tag(),
        image.digest(),
        memoryMib,
        1,
        ports,
        restart,
        placement,
        "runner-test");
  }

  public void publish(EventPayload payload) {
    requester.publish(payload).join();
  }

  /**
   * The instance of each QEMU process on this machine that runs from this runner's instance
   * directories, one entry per process: what really runs, whatever the runner's records say.
   */
  public List<String> vms(String runnerId) {
    String prefix = instancesOf(runnerId) + "/";
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().command().orElse("").contains("qemu-system"))
        .flatMap(p -> p.info().arguments().stream())
        .map(arguments -> instanceNamedIn(arguments, prefix))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<String> instanceNamedIn(String[] arguments, String prefix) {
    return Arrays.stream(arguments)
        .filter(argument -> argument.contains(prefix))
        .map(argument -> argument.substring(argument.indexOf(prefix) + prefix.length()))
        .map(rest -> rest.split("/", 2)[0])
        .findFirst();
  }

  private Path instancesOf(String runnerId) {
    return workDirectory(runnerId).resolve("home/instances");
  }

  /** The supervisors (and so the VMs) of every instance a runner of this fleet holds. */
  public List<ProcessHandle> supervisors(String runnerId) {
    Path instances = instancesOf(runnerId);
    if (!Files.isDirectory(instances)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(instances)) {
      InstanceStore store = new InstanceStore(instances);
      return directories
          .map(d -> store.find(d.getFileName().toString()))
          .flatMap(java.util.Optional::stream)
          .map(InstanceRecord::supervisorPid)
          .filter(java.util.Objects::nonNull)
          .map(ProcessHandle::of)
          .flatMap(java.util.Optional::stream)
          .filter(ProcessHandle::isAlive)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    runners.forEach(Runner::close);
    processes.forEach(Process::destroyForcibly);
    for (Path runner : runnerDirectories()) {
      supervisors(runner.getFileName().toString()).forEach(ProcessHandle::destroyForcibly);
    }
    log.close();
    requester.close();
    registry.close();
    kafka.close();
    FileTrees.deleteQuietly(directory);
  }

  private List<Path> runnerDirectories() {
    Path root = directory.resolve("runners");
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Path createDirectory(Path path) {
    try {
      return Files.createDirectories(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
