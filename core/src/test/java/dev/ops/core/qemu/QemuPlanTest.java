package dev.ops.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class QemuPlanTest {

  private static final Path RUN = Path.of("/run/ops/web");
  private static final Accelerator KVM = new Accelerator(Accelerator.KVM, "test");
  private static final Accelerator TCG = new Accelerator(Accelerator.TCG, "test");
  private static final HostFacts PLAIN_HOST = new HostFacts(true, false, OptionalLong.empty());

  private static Kernel kernel(boolean microvmNeedsAcpi, List<String> bootOptions) {
    Path directory = Path.of("/kernels/test");
    return new Kernel(
        "test",
        Kernel.STOCK,
        "6.1.0",
        directory.resolve("vmlinux"),
        "sha256:" + "00".repeat(32),
        List.of(
            new KernelModule(
                "virtio_net", directory.resolve("virtio_net.ko"), "/lib/modules/virtio_net.ko")),
        microvmNeedsAcpi,
        48,
        bootOptions);
  }

  private static final Kernel KERNEL = kernel(false, List.of());

  private static QemuPlan plan(
      MachineType machine,
      Accelerator accelerator,
      HostFacts host,
      Kernel kernel,
      List<PortForward> ports) {
    LaunchOptions options =
        new LaunchOptions(0, 2, ports, machine, true, false, Duration.ofSeconds(10), true);
    return QemuPlan.create(
        new QemuPlan.Inputs(
            "qemu-system-x86_64",
            kernel,
            RUN.resolve("initramfs.cpio"),
            RUN,
            300,
            machine,
            accelerator,
            options,
            host));
  }

  private static List<String> args(MachineType machine, Accelerator accelerator) {
    return plan(machine, accelerator, PLAIN_HOST, KERNEL, List.of()).arguments();
  }

  private static List<String> args(MachineType machine, Kernel kernel) {
    return plan(machine, KVM, PLAIN_HOST, kernel, List.of()).arguments();
  }

  /** Every value that follows {@code option} in the argument list. */
  private static List<String> valuesOf(List<String> args, String option) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < args.size() - 1; i++) {
      if (args.get(i).equals(option)) {
        values.add(args.get(i + 1));
      }
    }
    return values;
  }

  private static String valueOf(List<String> args, String option) {
    assertThat(valuesOf(args, option)).as(option).hasSize(1);
    return valuesOf(args, option).get(0);
  }

  private static List<String> commandLine(List<String> args) {
    return List.of(valueOf(args, "-append").split(" "));
  }

  @Test
  void startsWithTheQemuBinary() {
    assertThat(args(MachineType.MICROVM, KVM)).first().isEqualTo("qemu-system-x86_64");
  }

  @Test
  void displaysTheCommandLineQuotedAsAShellWouldNeedIt() {
    QemuPlan plan = plan(MachineType.MICROVM, TCG, PLAIN_HOST, KERNEL, List.of());

    String shown = plan.displayCommand();

    assertThat(shown).startsWith("qemu-system-x86_64 -machine microvm,");
    assertThat(shown).contains(" -append 'console=ttyS0 quiet ");
    assertThat(QemuPlan.shellQuoted("it's")).isEqualTo("'it'\\''s'");
    assertThat(QemuPlan.shellQuoted("")).isEqualTo("''");
    assertThat(QemuPlan.shellQuoted("$HOME;rm")).isEqualTo("'$HOME;rm'");
  }

  @Test
  void runsMicrovmWithoutAcpiForAKernelThatDoesNotNeedIt() {
    List<String> args = args(MachineType.MICROVM, kernel(false, List.of()));

    assertThat(valueOf(args, "-machine"))
        .isEqualTo("microvm,x-option-roms=off,isa-serial=on,rtc=on,acpi=off");
    assertThat(commandLine(args)).contains("acpi=off", "pci=off");
  }

  @Test
  void runsMicrovmWithAcpiForAKernelThatNeedsIt() {
    List<String> args = args(MachineType.MICROVM, kernel(true, List.of()));

    assertThat(valueOf(args, "-machine"))
        .isEqualTo("microvm,x-option-roms=off,isa-serial=on,rtc=on,acpi=on");
    assertThat(commandLine(args)).contains("pci=off").doesNotContain("acpi=off");
  }

  @Test
  void runsQ35WithPciAndAcpi() {
    List<String> args = args(MachineType.Q35, kernel(false, List.of()));

    assertThat(valueOf(args, "-machine")).isEqualTo("q35");
    assertThat(commandLine(args)).doesNotContain("pci=off", "acpi=off");
  }

  @Test
  void usesTheVirtioNetDeviceOfEachMachine() {
    assertThat(valuesOf(args(MachineType.MICROVM, KVM), "-device"))
        .contains("virtio-net-device,netdev=net0", "virtio-rng-device,rng=rng0");
    assertThat(valuesOf(args(MachineType.Q35, KVM), "-device"))
        .contains("virtio-net-pci,romfile=,netdev=net0", "virtio-rng-pci,romfile=,rng=rng0");
  }

  @Test
  void putsTheStatusChannelOnAnIsaSerialPortAt0x2f8() {
    QemuPlan plan = plan(MachineType.MICROVM, KVM, PLAIN_HOST, KERNEL, List.of());

    assertThat(plan.statusSocket()).isEqualTo(RUN.resolve("status.sock"));
    assertThat(valuesOf(plan.arguments(), "-chardev"))
        .contains("socket,id=status,path=/run/ops/web/status.sock,server=on,wait=on");
    assertThat(valuesOf(plan.arguments(), "-device"))
        .contains("isa-serial,chardev=status,iobase=0x2f8,irq=3");
  }

  @Test
  void putsTheConsoleOnStandardOutput() {
    List<String> args = args(MachineType.MICROVM, KVM);

    assertThat(valuesOf(args, "-chardev")).contains("stdio,id=console,signal=off");
    assertThat(valueOf(args, "-serial")).isEqualTo("chardev:console");
    assertThat(commandLine(args)).contains("console=ttyS0");
  }

  @Test
  void addsTheDebugExitDeviceOnBothMachines() {
    for (MachineType machine : MachineType.values()) {
      assertThat(valuesOf(args(machine, KVM), "-device"))
          .as(machine.qemuName())
          .contains("isa-debug-exit,iobase=0x501,iosize=2");
    }
  }

  @Test
  void forwardsEachPortThroughUserNetworking() {
    List<PortForward> ports =
        List.of(PortForward.parse("8080:80"), PortForward.parse("0.0.0.0:2222:22"));

    List<String> args = plan(MachineType.MICROVM, KVM, PLAIN_HOST, KERNEL, ports).arguments();

    assertThat(valueOf(args, "-netdev"))
        .isEqualTo("user,id=net0,hostfwd=tcp:127.0.0.1:8080-:80,hostfwd=tcp:0.0.0.0:2222-:22");
  }

  @Test
  void usesPlainUserNetworkingWithoutPorts() {
    assertThat(valueOf(args(MachineType.MICROVM, KVM), "-netdev")).isEqualTo("user,id=net0");
  }

  @Test
  void passesTheHostCpuOnlyUnderKvm() {
    List<String> kvm = args(MachineType.MICROVM, KVM);
    List<String> tcg = args(MachineType.MICROVM, TCG);

    assertThat(valueOf(kvm, "-accel")).isEqualTo("kvm");
    assertThat(valueOf(kvm, "-cpu")).isEqualTo("host");
    assertThat(valueOf(tcg, "-accel")).isEqualTo("tcg");
    assertThat(tcg).doesNotContain("-cpu");
  }

  @Test
  void sandboxesQemuOnlyWhenItHasTheSandbox() {
    HostFacts sandboxed = new HostFacts(true, true, OptionalLong.empty());

    List<String> with = plan(MachineType.MICROVM, KVM, sandboxed, KERNEL, List.of()).arguments();

    assertThat(valueOf(with, "-sandbox"))
        .isEqualTo("on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
    assertThat(args(MachineType.MICROVM, KVM)).doesNotContain("-sandbox");
  }

  @Test
  void givesMemoryCpusKernelAndInitramfs() {
    QemuPlan plan = plan(MachineType.MICROVM, KVM, PLAIN_HOST, KERNEL, List.of());

    assertThat(valueOf(plan.arguments(), "-m")).isEqualTo("300M");
    assertThat(valueOf(plan.arguments(), "-smp")).isEqualTo("2");
    assertThat(valueOf(plan.arguments(), "-kernel")).isEqualTo("/kernels/test/vmlinux");
    assertThat(valueOf(plan.arguments(), "-initrd")).isEqualTo("/run/ops/web/initramfs.cpio");
    assertThat(plan.memoryMib()).isEqualTo(300);
    assertThat(plan.machine()).isEqualTo(MachineType.MICROVM);
  }

  @Test
  void startsWithoutDefaultsDisplayOrReboot() {
    assertThat(args(MachineType.Q35, TCG))
        .contains("-nodefaults", "-no-user-config", "-no-reboot")
        .containsSequence("-display", "none");
  }

  @Test
  void tellsTheGuestTheTscRateUnderTcgWhenKnown() {
    HostFacts host = new HostFacts(true, false, OptionalLong.of(2_400_000));

    List<String> args = plan(MachineType.MICROVM, TCG, host, KERNEL, List.of()).arguments();

    assertThat(commandLine(args)).contains("tsc=reliable", "tsc_early_khz=2400000");
  }

  @Test
  void leavesOutTheTscRateUnderTcgWhenUnknown() {
    List<String> words = commandLine(args(MachineType.MICROVM, TCG));

    assertThat(words).contains("tsc=reliable");
    assertThat(words).noneMatch(word -> word.startsWith("tsc_early_khz"));
  }

  @Test
  void asksForPageSizedPerCpuChunksOnlyUnderTcg() {
    assertThat(commandLine(args(MachineType.MICROVM, TCG))).contains("percpu_alloc=page");
    assertThat(commandLine(args(MachineType.Q35, KVM))).doesNotContain("percpu_alloc=page");
  }

  @Test
  void leavesTheTscAloneUnderKvm() {
    HostFacts host = new HostFacts(true, false, OptionalLong.of(2_400_000));

    List<String> args = plan(MachineType.MICROVM, KVM, host, KERNEL, List.of()).arguments();

    assertThat(commandLine(args)).noneMatch(word -> word.startsWith("tsc"));
  }

  @Test
  void appendsTheKernelsBootOptionsLast() {
    List<String> words =
        commandLine(args(MachineType.MICROVM, kernel(false, List.of("mitigations=off", "x=1"))));

    assertThat(words).endsWith("mitigations=off", "x=1").contains("quiet", "panic=-1");
  }

  @Test
  void passesTheKernelCommandLineAsOneArgument() {
    List<String> args = args(MachineType.MICROVM, KVM);
    int append = args.indexOf("-append");

    assertThat(args.get(append + 1)).startsWith("console=ttyS0 ").doesNotContain("  ");
  }

  @Test
  void containsNoShellAnywhere() {
    HostFacts host = new HostFacts(true, true, OptionalLong.of(1_000_000));
    for (MachineType machine : MachineType.values()) {
      for (Accelerator accelerator : List.of(KVM, TCG)) {
        List<String> args =
            plan(machine, accelerator, host, KERNEL, List.of(PortForward.parse("8080")))
                .arguments();

        assertThat(args)
            .as(machine + " " + accelerator.name())
            .doesNotContain("sh", "bash", "-c", "/bin/sh", "/bin/bash", "sh -c")
            .noneMatch(arg -> arg.endsWith("/sh") || arg.contains("sh -c"));
      }
    }
  }

  @Test
  void givesTheSameArgumentsForTheSameInputs() {
    assertThat(args(MachineType.Q35, TCG)).isEqualTo(args(MachineType.Q35, TCG));
  }

  @Test
  void returnsAnArgumentListThatCannotBeChanged() {
    List<String> args = args(MachineType.MICROVM, KVM);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> args.add("-S"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theStatusSocketMovesToAShortPrivatePathWhenTheRunDirectoryIsTooDeep() {
    java.nio.file.Path shallow = java.nio.file.Path.of("/var/lib/ops/instances/web");
    java.nio.file.Path deep = java.nio.file.Path.of("/tmp/" + "d".repeat(120) + "/i-1");

    assertThat(QemuPlan.statusSocketFor(shallow)).isEqualTo(shallow.resolve("status.sock"));
    java.nio.file.Path moved = QemuPlan.statusSocketFor(deep);
    assertThat(moved.toString().length()).isLessThan(108);
    assertThat(QemuPlan.statusSocketFor(deep)).as("the same place every time").isEqualTo(moved);
    assertThat(moved.getParent()).isDirectory();
  }
}
