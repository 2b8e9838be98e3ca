package dev.ops.core.qemu;

import dev.ops.core.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest kernel's command line. Every word here was measured to matter under TCG (see the field
 * notes in docs/): a quiet console, no self-tests, no hardware probing the VM does not have, and a
 * TSC the kernel is told about instead of calibrating.
 */
final class KernelCommandLine {

  private KernelCommandLine() {}

  /**
   * The APIC timer calibration costs about 250 ms under TCG. Without it the ticks come from the
   * PIT, which is fine for one vCPU (more need their APIC timer) on machines that have a PIT:
   * microvm with ACPI on has none and would hang. Measured with ops' minimal kernel only.
   */
  private static boolean skipsApicTimerCalibration(QemuPlan.Inputs in) {
    boolean microvmWithAcpi = in.machine() == MachineType.MICROVM && in.kernel().microvmNeedsAcpi();
    return !in.accelerator().isKvm()
        && in.options().cpus() == 1
        && !microvmWithAcpi
        && Kernel.MINIMAL.equals(in.kernel().flavour());
  }

  static List<String> of(QemuPlan.Inputs in) {
    List<String> words =
        new ArrayList<>(
            List.of(
                "console=ttyS0",
                "quiet",
                "panic=-1",
                "8250.nr_uarts=2",
                "cryptomgr.notests",
                "no_timer_check",
                "i8042.noaux",
                "i8042.nokbd",
                "random.trust_cpu=on"));
    if (in.machine() == MachineType.MICROVM) {
      words.add("pci=off");
      if (!in.kernel().microvmNeedsAcpi()) {
        words.add("acpi=off");
      }
    }
    if (!in.accelerator().isKvm()) {
      // Without KVM the guest's TSC calibration fails at random and the guest can hang.
      words.add("tsc=reliable");
      in.host().tscKhz().ifPresent(khz -> words.add("tsc_early_khz=" + khz));
      // The default first per-CPU chunk is a 2 MiB block zeroed at boot, about 15 ms under TCG;
      // page-sized chunks zero only what is used. Under KVM the zeroing is too quick to matter.
      words.add("percpu_alloc=page");
    }
    if (skipsApicTimerCalibration(in)) {
      words.add("nolapic_timer");
    }
    words.addAll(in.kernel().bootOptions());
    return words;
  }
}
