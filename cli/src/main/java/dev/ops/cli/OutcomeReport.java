package dev.ops.cli;

import dev.ops.core.launch.VmOutcome;
import java.util.List;

/** Tells the user how the program ended when that is not plain from its own output. */
final class OutcomeReport {

  /** Enough for a panic's cause and trace, few enough to read. */
  private static final int SHOWN_LINES = 20;

  private OutcomeReport() {}

  static void print(VmOutcome outcome) {
    if (outcome.kind() == VmOutcome.Kind.EXITED) {
      return;
    }
    System.err.println("ops: " + outcome.describe());
    if (outcome.kind() == VmOutcome.Kind.CRASHED || outcome.kind() == VmOutcome.Kind.INIT_ERROR) {
      System.err.println("ops: last lines of the console:");
      List<String> tail = outcome.consoleTail();
      tail.subList(Math.max(0, tail.size() - SHOWN_LINES), tail.size())
          .forEach(line -> System.err.println("  | " + line));
      if (outcome.detail().contains("layers")) {
        System.err.println("ops: give the VM more memory with -m");
      }
    }
  }
}
