package dev.ops.core.launch;

import java.util.List;

/**
 * How a VM ended, as the host learned it: from the init's status channel when it reported, else
 * from QEMU's exit code and the console.
 *
 * @param kind what happened
 * @param status the program's exit code, or the signal number that killed it
 * @param detail the init's error message, or what ops concluded
 * @param consoleTail the last lines of the console, for diagnosing failures
 */
public record VmOutcome(Kind kind, int status, String detail, List<String> consoleTail) {

  /** Exit status of {@code ops run} when the VM failed before or without the program's own. */
  public static final int VM_FAILURE_STATUS = 125;

  /** As in shells: the program could not be executed. */
  public static final int NOT_EXECUTABLE_STATUS = 127;

  private static final int SIGNAL_BASE = 128;

  public enum Kind {
    /** The program exited with {@code status}. */
    EXITED,
    /** The program was killed by signal {@code status}. */
    SIGNALED,
    /** The init could not start or watch the program; {@code detail} says why. */
    INIT_ERROR,
    /** The VM ended without a report: kernel panic, QEMU failure, or killed. */
    CRASHED,
    /** The host stopped the VM before the program ended by itself. */
    KILLED
  }

  public VmOutcome {
    consoleTail = List.copyOf(consoleTail);
  }

  /** The status a shell would report for the program: its code, or 128 + signal. */
  public int exitStatus() {
    return switch (kind) {
      case EXITED -> status;
      case SIGNALED -> SIGNAL_BASE + status;
      case INIT_ERROR -> detail.startsWith("exec ") ? NOT_EXECUTABLE_STATUS : VM_FAILURE_STATUS;
      case CRASHED, KILLED -> VM_FAILURE_STATUS;
    };
  }

  public boolean programRan() {
    return kind == Kind.EXITED || kind == Kind.SIGNALED;
  }

  public String describe() {
    return switch (kind) {
      case EXITED -> "the program exited with status " + status;
      case SIGNALED ->
          "the program was killed by signal " + status + " (" + SignalNames.of(status) + ")";
      case INIT_ERROR -> "the program could not be started: " + detail;
      case CRASHED -> "the VM stopped without the program's status: " + detail;
      case KILLED -> "the VM was stopped by ops: " + detail;
    };
  }
}
