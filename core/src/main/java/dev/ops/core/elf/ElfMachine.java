package dev.ops.core.elf;

import java.util.Map;

/**
 * The processor an ELF file is built for, from the header's {@code e_machine}.
 *
 * @param code the raw {@code e_machine} value
 */
public record ElfMachine(int code) {
  /** The only machine ops runs programs for. */
  public static final ElfMachine X86_64 = new ElfMachine(62);

  // Only the machines someone may plausibly hand to ops: the name goes into error messages.
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(2, "SPARC"),
          Map.entry(3, "Intel 80386"),
          Map.entry(8, "MIPS"),
          Map.entry(20, "PowerPC"),
          Map.entry(21, "PowerPC64"),
          Map.entry(22, "IBM S/390"),
          Map.entry(40, "ARM"),
          Map.entry(43, "SPARC V9"),
          Map.entry(50, "IA-64"),
          Map.entry(62, "x86-64"),
          Map.entry(183, "AArch64"),
          Map.entry(243, "RISC-V"),
          Map.entry(247, "eBPF"),
          Map.entry(258, "LoongArch"));

  /** A readable name such as "AArch64", or "machine number 1234" for one this table lacks. */
  public String displayName() {
    return NAMES.getOrDefault(code, "machine number " + code);
  }
}
