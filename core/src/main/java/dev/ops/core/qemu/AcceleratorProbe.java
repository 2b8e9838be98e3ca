package dev.ops.core.qemu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds out whether KVM really works here. {@code /dev/kvm} existing is not enough: on some virtual
 * machines it opens but the CPU has no virtualisation extensions, and QEMU then hangs or aborts
 * mid-boot. So the probe checks the CPU flags, then boots a sixteen-byte firmware under KVM that
 * only writes to QEMU's exit port, and trusts KVM only if that exit arrives.
 */
public final class AcceleratorProbe {

  static final Path KVM_DEVICE = Path.of("/dev/kvm");
  private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
  private static final int PROBE_CODE = 0x2a;
  private static final long PROBE_TIMEOUT_MS = 3000;
  private static final int FIRMWARE_SIZE = 64 * 1024;
  private static final int RESET_VECTOR = 0xfff0;

  private final String qemuBinary;

  public AcceleratorProbe(String qemuBinary) {
    this.qemuBinary = qemuBinary;
  }

  /** Chooses KVM when it works, else TCG with a one-line reason. */
  public Accelerator choose(boolean kvmAllowed) {
    if (!kvmAllowed) {
      return new Accelerator(Accelerator.TCG, "software emulation (TCG) as asked with --no-accel");
    }
    String problem = kvmProblem();
    if (problem == null) {
      return new Accelerator(Accelerator.KVM, "KVM hardware acceleration");
    }
    return new Accelerator(
        Accelerator.TCG,
        "KVM unavailable (" + problem + "); using software emulation (TCG), several times slower");
  }

  /** What stops KVM from working, or {@code null} when it works. */
  String kvmProblem() {
    if (!Files.exists(KVM_DEVICE)) {
      return "no /dev/kvm";
    }
    if (!Files.isReadable(KVM_DEVICE) || !Files.isWritable(KVM_DEVICE)) {
      return "no permission on /dev/kvm; add your user to the kvm group";
    }
    if (!cpuHasVirtualisation()) {
      return "/dev/kvm exists but the CPU shows no vmx or svm flag";
    }
    return bootsProbeFirmware() ? null : "/dev/kvm exists but a test guest did not run under it";
  }

  private static boolean cpuHasVirtualisation() {
    try {
      return Files.readAllLines(CPU_INFO).stream()
          .filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> List.of(line.split("\\s+")))
          .map(flags -> flags.contains("vmx") || flags.contains("svm"))
          .orElse(false);
    } catch (IOException e) {
      return false;
    }
  }

  private boolean bootsProbeFirmware() {
    Path firmware = null;
    try {
      firmware = writeProbeFirmware();
      Process qemu =
          new ProcessBuilder(
                  qemuBinary,
                  "-M",
                  "pc",
                  "-accel",
                  "kvm",
                  "-nodefaults",
                  "-no-user-config",
                  "-display",
                  "none",
                  "-m",
                  "16",
                  "-bios",
                  firmware.toString(),
                  "-device",
                  "isa-debug-exit,iobase=0x501,iosize=2")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!qemu.waitFor(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        qemu.destroyForcibly();
        return false;
      }
      return qemu.exitValue() == ((PROBE_CODE << 1) | 1);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      deleteQuietly(firmware);
    }
  }

  /** Real-mode code at the reset vector: {@code mov al,0x2a; mov dx,0x501; out dx,al; hlt}. */
  private static Path writeProbeFirmware() throws IOException {
    byte[] firmware = new byte[FIRMWARE_SIZE];
    java.util.Arrays.fill(firmware, (byte) 0xf4);
    byte[] code = {(byte) 0xb0, PROBE_CODE, (byte) 0xba, 0x01, 0x05, (byte) 0xee, (byte) 0xf4};
    System.arraycopy(code, 0, firmware, RESET_VECTOR, code.length);
    Path file = Files.createTempFile("ops-kvm-probe", ".bin");
    Files.write(file, firmware);
    return file;
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // A 64 KiB temporary file left behind is harmless.
    }
  }
}
