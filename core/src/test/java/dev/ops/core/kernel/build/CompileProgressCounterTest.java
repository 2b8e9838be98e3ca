package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CompileProgressCounterTest {

  @Test
  void countsCompiledAndAssembledObjectsOnly() {
    CompileProgressCounter counter = new CompileProgressCounter(100);
    String[] lines = {
      "  CC      kernel/fork.o",
      "  AS      arch/x86/entry/entry_64.o",
      "  CC      /root/w/linux-source-6.1/tools/objtool/check.o",
      "  CC      scripts/mod/devicetable-offsets.s",
      "  HOSTCC  scripts/basic/fixdep",
      "  LD      vmlinux.o",
      "  AR      kernel/built-in.a",
      "make[1]: Entering directory '/x'",
      "kernel/fork.c:12: warning: CC kernel/fork.o",
    };

    for (String line : lines) {
      counter.accept(line);
    }

    assertThat(counter.compiled()).isEqualTo(3);
  }

  @Test
  void reportsPercentAndTimeLeftAtTheRateSoFar() {
    CompileProgressCounter counter = new CompileProgressCounter(400);
    for (int i = 0; i < 100; i++) {
      counter.accept("  CC      a" + i + ".o");
    }

    CompileProgress progress = counter.progress(Duration.ofSeconds(60));

    assertThat(progress.percent()).isEqualTo(25);
    assertThat(progress.remaining()).contains(Duration.ofSeconds(180));
    assertThat(progress.describe()).isEqualTo("100/400 objects (25 %), about 3 min 0 s left");
  }

  @Test
  void givesNoTimeEstimateFromTooFewObjects() {
    CompileProgress progress = new CompileProgress(5, 1000, Duration.ofSeconds(3));

    assertThat(progress.remaining()).isEmpty();
    assertThat(progress.describe()).isEqualTo("5/1000 objects (0 %)");
  }

  @Test
  void staysBelowOneHundredPercentWhenTheEstimateRunsOut() {
    CompileProgressCounter counter = new CompileProgressCounter(10);
    for (int i = 0; i < 50; i++) {
      counter.accept("  CC      a" + i + ".o");
    }

    assertThat(counter.progress(Duration.ofSeconds(10)).percent()).isEqualTo(98);
    assertThat(new CompileProgress(10, 10, Duration.ofSeconds(1)).percent()).isEqualTo(99);
  }

  @Test
  void usesTheDefaultEstimateWithoutAnEarlierBuild() {
    CompileProgressCounter counter = new CompileProgressCounter(0);
    counter.accept("  CC      a.o");

    assertThat(counter.progress(Duration.ZERO).expected())
        .isEqualTo(CompileProgressCounter.DEFAULT_EXPECTED_OBJECTS);
  }
}
