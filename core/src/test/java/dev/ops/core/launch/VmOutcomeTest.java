package dev.ops.core.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmOutcomeTest {

  private static VmOutcome outcome(VmOutcome.Kind kind, int status, String detail) {
    return new VmOutcome(kind, status, detail, List.of());
  }

  @Test
  void exitsWithTheProgramsOwnStatus() {
    assertThat(outcome(VmOutcome.Kind.EXITED, 0, "").exitStatus()).isZero();
    assertThat(outcome(VmOutcome.Kind.EXITED, 3, "").exitStatus()).isEqualTo(3);
  }

  @Test
  void exitsWith128PlusTheSignalAsShellsDo() {
    assertThat(outcome(VmOutcome.Kind.SIGNALED, 9, "").exitStatus()).isEqualTo(137);
    assertThat(outcome(VmOutcome.Kind.SIGNALED, 15, "").exitStatus()).isEqualTo(143);
  }

  @Test
  void exitsWith127WhenTheProgramCouldNotBeExecuted() {
    VmOutcome outcome = outcome(VmOutcome.Kind.INIT_ERROR, 0, "exec /app: Permission denied");

    assertThat(outcome.exitStatus()).isEqualTo(VmOutcome.NOT_EXECUTABLE_STATUS).isEqualTo(127);
  }

  @Test
  void exitsWith125WhenTheVmFailedOtherwise() {
    assertThat(outcome(VmOutcome.Kind.INIT_ERROR, 0, "layers need 300 MiB").exitStatus())
        .isEqualTo(VmOutcome.VM_FAILURE_STATUS)
        .isEqualTo(125);
    assertThat(outcome(VmOutcome.Kind.CRASHED, 0, "Kernel panic").exitStatus()).isEqualTo(125);
    assertThat(outcome(VmOutcome.Kind.KILLED, 0, "stopped").exitStatus()).isEqualTo(125);
  }

  @Test
  void saysWhetherTheProgramRan() {
    assertThat(outcome(VmOutcome.Kind.EXITED, 1, "").programRan()).isTrue();
    assertThat(outcome(VmOutcome.Kind.SIGNALED, 9, "").programRan()).isTrue();
    assertThat(outcome(VmOutcome.Kind.INIT_ERROR, 0, "exec x").programRan()).isFalse();
    assertThat(outcome(VmOutcome.Kind.CRASHED, 0, "").programRan()).isFalse();
    assertThat(outcome(VmOutcome.Kind.KILLED, 0, "").programRan()).isFalse();
  }

  @Test
  void namesTheSignalWhenDescribingIt() {
    assertThat(outcome(VmOutcome.Kind.SIGNALED, 11, "").describe())
        .isEqualTo("the program was killed by signal 11 (SIGSEGV)");
    assertThat(outcome(VmOutcome.Kind.SIGNALED, 40, "").describe()).contains("signal 40");
  }

  @Test
  void describesEveryKind() {
    assertThat(outcome(VmOutcome.Kind.EXITED, 2, "").describe())
        .isEqualTo("the program exited with status 2");
    assertThat(outcome(VmOutcome.Kind.INIT_ERROR, 0, "exec x").describe()).contains("exec x");
    assertThat(outcome(VmOutcome.Kind.CRASHED, 0, "panic").describe()).contains("panic");
    assertThat(outcome(VmOutcome.Kind.KILLED, 0, "asked").describe()).contains("asked");
  }

  @Test
  void keepsItsOwnCopyOfTheConsoleTail() {
    List<String> tail = new ArrayList<>(List.of("a"));
    VmOutcome outcome = new VmOutcome(VmOutcome.Kind.EXITED, 0, "", tail);
    tail.add("b");

    assertThat(outcome.consoleTail()).containsExactly("a");
    assertThatThrownBy(() -> outcome.consoleTail().add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
