package dev.ops.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeInterpreterTest {

  private static final List<String> TAIL = List.of("boot", "program output");

  private static VmOutcome withReport(String report) {
    return OutcomeInterpreter.interpret(report, 0, false, "", TAIL);
  }

  private static VmOutcome withoutReport(
      int qemuExit, boolean stopRequested, String errors, List<String> tail) {
    return OutcomeInterpreter.interpret(null, qemuExit, stopRequested, errors, tail);
  }

  @Test
  void readsAnExitReport() {
    VmOutcome outcome = withReport("exited 3");

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.EXITED);
    assertThat(outcome.status()).isEqualTo(3);
    assertThat(outcome.consoleTail()).isEqualTo(TAIL);
  }

  @Test
  void readsASignalReport() {
    VmOutcome outcome = withReport("signaled 9");

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.SIGNALED);
    assertThat(outcome.status()).isEqualTo(9);
  }

  @Test
  void readsAnErrorReportKeepingStepAndMessage() {
    VmOutcome outcome = withReport("error exec /bin/app: No such file or directory");

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.INIT_ERROR);
    assertThat(outcome.detail()).isEqualTo("exec /bin/app: No such file or directory");
  }

  @Test
  void trustsTheReportOverQemusExitCode() {
    VmOutcome outcome = OutcomeInterpreter.interpret("exited 200", 145, true, "", TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.EXITED);
    assertThat(outcome.status()).isEqualTo(200);
  }

  @Test
  void takesASevenBitStatusFromAnOddQemuCodeWithoutReport() {
    VmOutcome outcome = withoutReport((42 << 1) | 1, false, "", TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.EXITED);
    assertThat(outcome.status()).isEqualTo(42);
    assertThat(outcome.detail()).contains("7 bits");
  }

  @Test
  void reportsAKernelPanicFromTheTail() {
    List<String> tail =
        List.of(
            "[    0.9] Run /init as init process",
            "[    1.2] Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100",
            "[    1.2] CPU: 0 PID: 1");

    VmOutcome outcome = withoutReport(0, false, "", tail);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.CRASHED);
    assertThat(outcome.detail())
        .isEqualTo("Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100");
  }

  @Test
  void reportsQemusOwnErrorsWithoutItsSocketNotices() {
    String errors =
        "qemu-system-x86_64: -chardev socket: info: QEMU waiting for connection\n"
            + "qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory\n";

    VmOutcome outcome = withoutReport(0, false, errors, TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.CRASHED);
    assertThat(outcome.detail())
        .contains("QEMU exited with status 0", "pc.ram")
        .doesNotContain("waiting for connection");
  }

  @Test
  void saysTheGuestPoweredOffWhenNothingElseIsKnown() {
    VmOutcome outcome = withoutReport(0, false, "", TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.CRASHED);
    assertThat(outcome.detail()).contains("powered off without reporting");
  }

  @Test
  void reportsAStoppedVmAsKilled() {
    VmOutcome outcome =
        withoutReport(0, true, "qemu-system-x86_64: terminating on signal 15 from pid 42\n", TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.KILLED);
  }

  @Test
  void reportsAStoppedVmAsKilledEvenWhenQemuDiedOfASignal() {
    VmOutcome outcome = withoutReport(137, true, "", TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.KILLED);
  }

  @Test
  void reportsQemusFailureStatusWithErrorsAsACrash() {
    String errors = "qemu-system-x86_64: could not load kernel '/k/vmlinux': No such file\n";

    VmOutcome outcome = withoutReport(1, false, errors, TAIL);

    assertThat(outcome.kind()).isEqualTo(VmOutcome.Kind.CRASHED);
    assertThat(outcome.detail()).contains("could not load kernel");
  }
}
