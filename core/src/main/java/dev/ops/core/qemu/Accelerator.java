package dev.ops.core.qemu;

/** How QEMU runs the guest's CPU, and why that one was chosen (shown to the user). */
public record Accelerator(String name, String reason) {

  public static final String KVM = "kvm";
  public static final String TCG = "tcg";

  public boolean isKvm() {
    return KVM.equals(name);
  }
}
