package dev.ops.cli;

import dev.ops.core.launch.VirtualMachine;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * Ctrl-C on {@code ops run} means "stop the program": the first one sends it SIGTERM and starts the
 * grace period, a second one kills the VM at once. SIGTERM and SIGHUP to ops stop the program the
 * same way. The VM never outlives ops.
 */
final class InterruptHandler {

  /** As shells report a program ended by SIGINT. */
  private static final int INTERRUPTED_STATUS = 130;

  private InterruptHandler() {}

  static void stopGracefullyOnInterrupt(VirtualMachine vm, Duration grace) {
    AtomicInteger interrupts = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      Signal.handle(new Signal(name), signal -> onSignal(vm, grace, interrupts));
    }
    Runtime.getRuntime().addShutdownHook(new Thread(vm::kill, "vm-kill-on-exit"));
  }

  private static void onSignal(VirtualMachine vm, Duration grace, AtomicInteger interrupts) {
    if (interrupts.incrementAndGet() > 1) {
      System.err.println("\nops: killing the VM");
      vm.kill();
      return;
    }
    System.err.println(
        "\nops: stopping the program (SIGTERM; "
            + grace.toSeconds()
            + " s before the VM is killed, Ctrl-C again to kill now)");
    vm.requestStop();
    Thread killer = new Thread(() -> killAfter(vm, grace), "vm-stop-grace");
    killer.setDaemon(true);
    killer.start();
  }

  private static void killAfter(VirtualMachine vm, Duration grace) {
    try {
      Thread.sleep(grace.toMillis());
    } catch (InterruptedException e) {
      return;
    }
    if (vm.isAlive()) {
      System.err.println("ops: the program did not stop in time; killing the VM");
      vm.kill();
    }
  }

  /**
   * For {@code ops run --fleet}: the first Ctrl-C asks the fleet to stop the instance and ops goes
   * on following it to its end; a second one leaves at once (the stop goes on without ops).
   */
  static void stopFleetInstanceOnInterrupt(Runnable requestStop) {
    AtomicInteger interrupts = new AtomicInteger();
    for (String name : new String[] {"INT", "TERM", "HUP"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            if (interrupts.incrementAndGet() > 1) {
              System.err.println("\nops: leaving; the instance is being stopped");
              Runtime.getRuntime().halt(INTERRUPTED_STATUS);
            }
            System.err.println(
                "\nops: asking the fleet to stop the instance (Ctrl-C again to leave)");
            Thread stopper = new Thread(requestStop, "fleet-stop");
            stopper.setDaemon(true);
            stopper.start();
          });
    }
  }
}
