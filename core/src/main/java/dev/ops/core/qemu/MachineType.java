package dev.ops.core.qemu;

/**
 * The virtual machines ops boots. {@code microvm} has no PCI and no firmware and boots fastest;
 * {@code q35} is the fallback for QEMU builds without microvm and for kernels that need PCI.
 */
public enum MachineType {
  MICROVM("microvm", "virtio-net-device", "virtio-rng-device"),
  Q35("q35", "virtio-net-pci,romfile=", "virtio-rng-pci,romfile=");

  private final String qemuName;
  private final String netDevice;
  private final String rngDevice;

  MachineType(String qemuName, String netDevice, String rngDevice) {
    this.qemuName = qemuName;
    this.netDevice = netDevice;
    this.rngDevice = rngDevice;
  }

  public String qemuName() {
    return qemuName;
  }

  String netDevice() {
    return netDevice;
  }

  String rngDevice() {
    return rngDevice;
  }

  public static MachineType parse(String name) {
    for (MachineType type : values()) {
      if (type.qemuName.equals(name)) {
        return type;
      }
    }
    throw new dev.ops.core.OpsException(
        "unknown machine type '" + name + "'", "choose microvm or q35");
  }
}
