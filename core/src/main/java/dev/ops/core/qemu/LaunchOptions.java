package dev.ops.core.qemu;

import java.time.Duration;
import java.util.List;

/**
 * How to run an image this time, independent of the image itself.
 *
 * @param memoryMib guest memory; 0 means the image's minimum or the default, whichever is larger
 * @param cpus virtual CPUs
 * @param ports TCP ports to forward from the host
 * @param machine {@code null} to choose microvm when QEMU has it
 * @param allowKvm whether KVM may be used when it works
 * @param verbose show the kernel's console output too
 * @param stopGrace how long the program gets after SIGTERM before the VM is killed
 * @param enforceMinimumMemory refuse memory below the image's minimum (off only for measuring)
 */
public record LaunchOptions(
    int memoryMib,
    int cpus,
    List<PortForward> ports,
    MachineType machine,
    boolean allowKvm,
    boolean verbose,
    Duration stopGrace,
    boolean enforceMinimumMemory) {

  public static final int DEFAULT_MEMORY_MIB = 256;
  public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

  public LaunchOptions {
    ports = List.copyOf(ports);
  }

  public static LaunchOptions defaults() {
    return new LaunchOptions(0, 1, List.of(), null, true, false, DEFAULT_STOP_GRACE, true);
  }

  public LaunchOptions withPorts(List<PortForward> newPorts) {
    return new LaunchOptions(
        memoryMib, cpus, newPorts, machine, allowKvm, verbose, stopGrace, enforceMinimumMemory);
  }

  public LaunchOptions withMemoryMib(int newMemoryMib) {
    return new LaunchOptions(
        newMemoryMib, cpus, ports, machine, allowKvm, verbose, stopGrace, enforceMinimumMemory);
  }

  public LaunchOptions withMachine(MachineType newMachine) {
    return new LaunchOptions(
        memoryMib, cpus, ports, newMachine, allowKvm, verbose, stopGrace, enforceMinimumMemory);
  }
}
