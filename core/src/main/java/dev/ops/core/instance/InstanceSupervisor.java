package dev.ops.core.instance;

import dev.ops.core.OpsException;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.launch.Launcher;
import dev.ops.core.launch.VirtualMachine;
import dev.ops.core.launch.VmOutcome;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.PortForward;
import dev.ops.core.qemu.QemuPlan;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Owns the VM of one background instance for its whole life: boots it, writes its console to the
 * instance's log, keeps the record's state true, and stops the VM gracefully when its own process
 * is asked to terminate. Runs in a process of its own, started by {@code ops instance create}.
 */
public final class InstanceSupervisor {

  private static final long RUNNING_POLL_MS = 50;

  private final InstanceStore instances;
  private final ImageStore images;
  private final Launcher launcher;

  /**
   * Three threads of this process change the record (the watcher marking it running, the main
   * thread recording the end, the shutdown hook marking it stopping); each reads, changes and
   * writes it whole under this lock, so a late "running" cannot overwrite "exited".
   */
  private final Object recordLock = new Object();

  public InstanceSupervisor(InstanceStore instances, ImageStore images, Launcher launcher) {
    this.instances = instances;
    this.images = images;
    this.launcher = launcher;
  }

  /** Runs the instance until its program ends; returns the program's status. */
  public int supervise(String name, Duration stopGrace) {
    InstanceRecord record = instances.get(name).withSupervisor(ProcessHandle.current().pid());
    instances.save(record);
    Path directory = instances.directory(name);
    try (OutputStream console = append(directory.resolve(InstanceStore.CONSOLE_LOG));
        OutputStream boot = append(directory.resolve(InstanceStore.BOOT_LOG))) {
      StoredImage image = images.get(record.image());
      QemuPlan plan = launcher.plan(image, optionsOf(record, stopGrace), directory);
      long qemuStarted = System.nanoTime();
      try (VirtualMachine vm = launcher.start(plan, console, boot)) {
        stopOnTermination(name, vm, stopGrace);
        markRunningWhenStarted(record, vm, qemuStarted);
        VmOutcome outcome = vm.awaitOutcome();
        recordBootIfMissed(name, vm, qemuStarted);
        return finish(name, outcome);
      }
    } catch (OpsException e) {
      recordEnd(name, InstanceState.FAILED, null, e.getMessage());
      throw e;
    } catch (IOException e) {
      recordEnd(name, InstanceState.FAILED, null, e.getMessage());
      throw new UncheckedIOException(e);
    }
  }

  private static LaunchOptions optionsOf(InstanceRecord record, Duration stopGrace) {
    return new LaunchOptions(
        record.memoryMib(),
        record.cpus(),
        record.ports().stream().map(PortForward::parse).toList(),
        null,
        true,
        false,
        stopGrace,
        true);
  }

  private void stopOnTermination(String name, VirtualMachine vm, Duration grace) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (vm.isAlive()) {
                    synchronized (recordLock) {
                      instances
                          .find(name)
                          .filter(InstanceRecord::isActive)
                          .ifPresent(r -> instances.save(r.withState(InstanceState.STOPPING)));
                    }
                    vm.stop(grace);
                    waitForRecord(name);
                  }
                },
                "instance-stop"));
  }

  /** The shutdown hook must not return before the main thread has written the final state. */
  private void waitForRecord(String name) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline
        && instances.find(name).map(InstanceRecord::isActive).orElse(false)) {
      sleep();
    }
  }

  private void markRunningWhenStarted(InstanceRecord record, VirtualMachine vm, long qemuStarted) {
    Thread watcher =
        new Thread(
            () -> {
              while (vm.isAlive() && !vm.programStarted()) {
                sleep();
              }
              if (vm.programStarted()) {
                long bootMillis = bootMillis(vm, qemuStarted);
                synchronized (recordLock) {
                  instances
                      .find(record.name())
                      .filter(r -> r.state() == InstanceState.STARTING)
                      .ifPresent(r -> instances.save(r.running(bootMillis)));
                }
              }
            },
            "instance-started");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static long bootMillis(VirtualMachine vm, long qemuStarted) {
    return TimeUnit.NANOSECONDS.toMillis(vm.programStartedNanos() - qemuStarted);
  }

  /**
   * A program that ends within the watcher's poll still ran: its boot time is recorded with its
   * end, so readers of the record know it started.
   */
  private void recordBootIfMissed(String name, VirtualMachine vm, long qemuStarted) {
    if (!vm.programStarted()) {
      return;
    }
    synchronized (recordLock) {
      instances
          .find(name)
          .filter(r -> r.bootMillis() == null)
          .ifPresent(r -> instances.save(r.withBootMillis(bootMillis(vm, qemuStarted))));
    }
  }

  private int finish(String name, VmOutcome outcome) {
    InstanceState state =
        switch (outcome.kind()) {
          case EXITED, SIGNALED -> wasStopping(name) ? InstanceState.STOPPED : InstanceState.EXITED;
          case KILLED -> InstanceState.STOPPED;
          case INIT_ERROR, CRASHED -> InstanceState.FAILED;
        };
    String description = outcome.describe();
    if (state == InstanceState.FAILED && !outcome.consoleTail().isEmpty()) {
      description +=
          "; console: "
              + String.join(
                  " / ",
                  outcome
                      .consoleTail()
                      .subList(
                          Math.max(0, outcome.consoleTail().size() - 5),
                          outcome.consoleTail().size()));
    }
    recordEnd(name, state, outcome.exitStatus(), description);
    return outcome.exitStatus();
  }

  private boolean wasStopping(String name) {
    return instances.find(name).map(r -> r.state() == InstanceState.STOPPING).orElse(false);
  }

  private void recordEnd(String name, InstanceState state, Integer status, String description) {
    synchronized (recordLock) {
      instances
          .find(name)
          .ifPresent(
              record ->
                  instances.save(
                      record.ended(state, Instant.now().toString(), status, description)));
    }
  }

  private static OutputStream append(Path file) throws IOException {
    return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void sleep() {
    try {
      Thread.sleep(RUNNING_POLL_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
