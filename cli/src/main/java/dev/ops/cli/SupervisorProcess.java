package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.instance.InstanceRecord;
import dev.ops.core.instance.InstanceState;
import dev.ops.core.instance.InstanceStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts and stops the background process that owns an instance's VM. It is this same program
 * ({@code ops instance supervise NAME}) in a new session, so it survives the terminal that created
 * it; stopping it with SIGTERM makes it stop its VM gracefully.
 */
final class SupervisorProcess {

  private static final long POLL_MS = 100;
  private static final long START_TIMEOUT_MS = 120_000;
  private static final long STOP_TIMEOUT_MS = 60_000;

  private SupervisorProcess() {}

  static void spawn(Workspace workspace, String name) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            "setsid",
            java,
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            OpsCommand.class.getName(),
            "instance",
            "supervise",
            name);
    Path log = workspace.instances.directory(name).resolve(InstanceStore.SUPERVISOR_LOG);
    try {
      new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new OpsException("could not start the instance's supervisor: " + e.getMessage());
    }
  }

  /** Waits until the program runs or the instance failed to start. */
  static InstanceRecord awaitStarted(InstanceStore instances, String name) {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      InstanceRecord record = instances.get(name);
      if (record.state() != InstanceState.STARTING
          || record.supervisorPid() != null && ProcessHandle.of(record.supervisorPid()).isEmpty()) {
        return instances.get(name);
      }
      sleep();
    }
    throw new OpsException(
        "instance " + name + " did not start within " + START_TIMEOUT_MS / 1000 + " s",
        "see 'ops instance logs " + name + "'");
  }

  static InstanceRecord stop(InstanceStore instances, String name) {
    InstanceRecord record = instances.get(name);
    if (!record.isActive()) {
      return record;
    }
    Optional<ProcessHandle> supervisor =
        Optional.ofNullable(record.supervisorPid()).flatMap(ProcessHandle::of);
    supervisor.ifPresent(ProcessHandle::destroy);
    long deadline = System.currentTimeMillis() + STOP_TIMEOUT_MS;
    while (supervisor.map(ProcessHandle::isAlive).orElse(false)
        && System.currentTimeMillis() < deadline) {
      sleep();
    }
    return instances.get(name);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
