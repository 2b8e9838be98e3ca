package dev.ops.core.launch;

import java.util.List;
import java.util.stream.Collectors;

/** Decides how a VM ended from the init's last report, QEMU's exit code and the console. */
final class OutcomeInterpreter {

  /** QEMU's own status when it fails, which the debug-exit rule would read as "exited 0". */
  private static final int QEMU_ERROR_STATUS = 1;

  private OutcomeInterpreter() {}

  static VmOutcome interpret(
      String report, int qemuExit, boolean stopRequested, String qemuErrors, List<String> tail) {
    if (report != null) {
      return fromReport(report, tail);
    }
    if (stopRequested) {
      // Checked first: a QEMU that ops killed has an odd status too (128 + 9).
      return new VmOutcome(VmOutcome.Kind.KILLED, 0, "the VM was stopped", tail);
    }
    boolean qemuFailed = qemuExit == QEMU_ERROR_STATUS && !meaningfulErrors(qemuErrors).isEmpty();
    if (qemuExit % 2 == 1 && !qemuFailed) {
      // isa-debug-exit: the init wrote a 7-bit status but the status channel was lost.
      return new VmOutcome(
          VmOutcome.Kind.EXITED,
          qemuExit >> 1,
          "status from the debug-exit port (7 bits only)",
          tail);
    }
    return new VmOutcome(VmOutcome.Kind.CRASHED, 0, crashCause(qemuExit, qemuErrors, tail), tail);
  }

  private static VmOutcome fromReport(String report, List<String> tail) {
    String[] words = report.split(" ", 2);
    String rest = words.length > 1 ? words[1] : "";
    return switch (words[0]) {
      case "exited" -> new VmOutcome(VmOutcome.Kind.EXITED, parse(rest), "", tail);
      case "signaled" -> new VmOutcome(VmOutcome.Kind.SIGNALED, parse(rest), "", tail);
      default -> new VmOutcome(VmOutcome.Kind.INIT_ERROR, 0, rest, tail);
    };
  }

  private static String crashCause(int qemuExit, String qemuErrors, List<String> tail) {
    String panic =
        tail.stream().filter(line -> line.contains("Kernel panic")).findFirst().orElse(null);
    if (panic != null) {
      return panic.substring(panic.indexOf("Kernel panic")).strip();
    }
    String errors = meaningfulErrors(qemuErrors);
    if (!errors.isEmpty()) {
      return "QEMU exited with status " + qemuExit + ": " + errors;
    }
    return "the guest powered off without reporting (QEMU exit status " + qemuExit + ")";
  }

  /** QEMU's own notices about the status socket are not errors. */
  private static String meaningfulErrors(String qemuErrors) {
    return qemuErrors
        .lines()
        .filter(line -> !line.contains("waiting for connection"))
        .filter(line -> !line.contains("terminating on signal"))
        .collect(Collectors.joining("; "))
        .strip();
  }

  private static int parse(String number) {
    try {
      return Integer.parseInt(number.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
