package dev.ops.core.qemu;

import dev.ops.core.OpsException;
import dev.ops.core.util.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What this host's QEMU can do and what the guest kernel needs to know about the host CPU, found
 * once per launch.
 *
 * @param qemuHasMicrovm whether QEMU was built with the microvm machine
 * @param qemuHasSandbox whether QEMU was built with its seccomp sandbox
 * @param tscKhz the host's TSC frequency, for a guest that cannot calibrate it under TCG
 */
public record HostFacts(boolean qemuHasMicrovm, boolean qemuHasSandbox, OptionalLong tscKhz) {

  public static final String QEMU_BINARY = "qemu-system-x86_64";
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

  public static HostFacts probe(String qemuBinary) {
    String machines = query(qemuBinary, "-machine", "help");
    String help = query(qemuBinary, "-help");
    return new HostFacts(machines.contains("microvm"), help.contains("-sandbox"), hostTscKhz());
  }

  private static String query(String qemuBinary, String... arguments) {
    List<String> command = new java.util.ArrayList<>(List.of(qemuBinary));
    command.addAll(List.of(arguments));
    CommandRunner.Result result;
    try {
      result = CommandRunner.run(command, null, QUERY_TIMEOUT);
    } catch (OpsException e) {
      throw qemuMissing(qemuBinary);
    }
    if (!result.succeeded()) {
      throw qemuMissing(qemuBinary);
    }
    return result.stdout();
  }

  private static OpsException qemuMissing(String qemuBinary) {
    return new OpsException(
        "QEMU is not installed (could not run " + qemuBinary + ")",
        "install it with: sudo apt-get install qemu-system-x86");
  }

  /** "cpu MHz" of the first CPU; under a hypervisor that is the TSC rate the guest sees. */
  static OptionalLong hostTscKhz() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("cpu MHz"))
          .findFirst()
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .map(mhz -> OptionalLong.of(Math.round(Double.parseDouble(mhz) * 1000)))
          .orElse(OptionalLong.empty());
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
