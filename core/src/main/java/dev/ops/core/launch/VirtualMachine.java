package dev.ops.core.launch;

import dev.ops.core.OpsException;
import dev.ops.core.qemu.QemuPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running QEMU process and its two channels, owned by whoever started it: the console is pumped
 * through a {@link ConsoleFilter}, the status channel is read for the program's fate. QEMU runs in
 * its own session, so a Ctrl-C at the terminal reaches ops (which stops the program gracefully) and
 * not QEMU (which would die at once).
 */
public final class VirtualMachine implements AutoCloseable {

  private static final int TAIL_LINES = 40;
  private static final int MAX_QEMU_ERROR_BYTES = 16 * 1024;
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final Process qemu;
  private final ConsoleFilter console;
  private final StatusChannel status;
  private final Thread consolePump;
  private final StringBuilder qemuErrors = new StringBuilder();
  private final Thread errorPump;
  private volatile boolean stopRequested;

  private VirtualMachine(Process qemu, ConsoleFilter console, StatusChannel status) {
    this.qemu = qemu;
    this.console = console;
    this.status = status;
    this.consolePump = daemon("vm-console-" + qemu.pid(), this::pumpConsole);
    this.errorPump = daemon("vm-errors-" + qemu.pid(), this::pumpErrors);
  }

  /**
   * Starts QEMU as planned.
   *
   * @param programOutput receives the program's console output
   * @param bootOutput receives kernel and init messages, or {@code null} to hide them
   */
  public static VirtualMachine start(
      QemuPlan plan, List<String> leash, OutputStream programOutput, OutputStream bootOutput) {
    List<String> command = new ArrayList<>(leash);
    command.addAll(plan.arguments());
    Process qemu;
    try {
      qemu = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new OpsException(
          "could not start QEMU: " + e.getMessage(),
          "install it with: sudo apt-get install qemu-system-x86");
    }
    ConsoleFilter console = new ConsoleFilter(programOutput, bootOutput, TAIL_LINES);
    try {
      StatusChannel status = StatusChannel.connect(plan.statusSocket(), qemu);
      VirtualMachine vm = new VirtualMachine(qemu, console, status);
      vm.consolePump.start();
      vm.errorPump.start();
      return vm;
    } catch (IOException e) {
      qemu.destroyForcibly();
      String errors = readErrors(qemu);
      boolean saidNothing = errors.isBlank() || errors.equals("Stream closed");
      throw new OpsException(
          "QEMU failed to start: " + (saidNothing ? e.getMessage() : errors),
          "check the QEMU arguments with --verbose");
    }
  }

  public long pid() {
    return qemu.pid();
  }

  public boolean isAlive() {
    return qemu.isAlive();
  }

  public boolean programStarted() {
    return status.programStarted();
  }

  /** {@link System#nanoTime()} when the program started, as the init reported; 0 before. */
  public long programStartedNanos() {
    return status.programStartedNanos();
  }

  /** Waits for the VM to end by itself and says how it ended. */
  public VmOutcome awaitOutcome() {
    String report = status.readUntilClosed();
    int qemuExit = waitForExit();
    joinQuietly(consolePump);
    joinQuietly(errorPump);
    console.finish();
    return OutcomeInterpreter.interpret(
        report, qemuExit, stopRequested, qemuErrorText(), console.tail());
  }

  /** Asks the program to stop (SIGTERM in the guest); returns at once. */
  public void requestStop() {
    stopRequested = true;
    status.send("stop");
  }

  /** Graceful stop: SIGTERM, {@code grace} to exit, then the VM is killed. */
  public void stop(Duration grace) {
    requestStop();
    if (!waitFor(grace)) {
      kill();
    }
  }

  public void kill() {
    stopRequested = true;
    qemu.destroy();
    if (!waitFor(KILL_WAIT)) {
      qemu.destroyForcibly();
    }
  }

  @Override
  public void close() {
    if (qemu.isAlive()) {
      kill();
    }
    status.close();
  }

  private boolean waitFor(Duration timeout) {
    try {
      return qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private int waitForExit() {
    try {
      return qemu.waitFor();
    } catch (InterruptedException e) {
      // Whoever interrupts the owner wants the VM gone, not orphaned.
      kill();
      Thread.currentThread().interrupt();
      return qemu.onExit().join().exitValue();
    }
  }

  private void pumpConsole() {
    byte[] buffer = new byte[8192];
    try (InputStream in = qemu.getInputStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        console.accept(buffer, read);
      }
    } catch (IOException e) {
      // QEMU closed its output: the VM is gone.
    }
  }

  private void pumpErrors() {
    byte[] buffer = new byte[4096];
    try (InputStream in = qemu.getErrorStream()) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        synchronized (qemuErrors) {
          if (qemuErrors.length() < MAX_QEMU_ERROR_BYTES) {
            qemuErrors.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      // Same as the console: QEMU is gone.
    }
  }

  private String qemuErrorText() {
    synchronized (qemuErrors) {
      return qemuErrors.toString();
    }
  }

  private static String readErrors(Process qemu) {
    try {
      qemu.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return new String(
              qemu.getErrorStream().readNBytes(MAX_QEMU_ERROR_BYTES), StandardCharsets.UTF_8)
          .strip();
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    return thread;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(KILL_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
