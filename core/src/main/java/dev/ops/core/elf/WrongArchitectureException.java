package dev.ops.core.elf;

import java.nio.file.Path;

/**
 * A well-formed ELF file for another machine, word size or byte order than 64-bit little-endian
 * x86-64.
 *
 * <p>The dynamic loader silently skips such libraries while it searches (a 32-bit library in a
 * 64-bit search path is normal), so the dependency resolver does too; for a program it is the error
 * to show.
 */
public class WrongArchitectureException extends ElfFormatException {
  private static final long serialVersionUID = 1L;

  private final String architecture;

  /**
   * {@code architecture} names what the file is for, as in "a 32-bit ELF for Intel 80386" or "an
   * ELF for AArch64".
   */
  public WrongArchitectureException(Path path, String architecture) {
    super(
        path,
        "wrong architecture: " + path + " is " + architecture + "; ops runs x86-64 programs",
        null);
    this.architecture = architecture;
  }

  /** What the file is built for, as in "an ELF for AArch64". */
  public String architecture() {
    return architecture;
  }
}
