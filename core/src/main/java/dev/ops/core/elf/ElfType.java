package dev.ops.core.elf;

/** The kind of ELF file, from the header's {@code e_type}. */
public enum ElfType {
  /** {@code ET_REL}: an object file such as {@code foo.o} or a Linux kernel module {@code .ko}. */
  RELOCATABLE,

  /** {@code ET_EXEC}: a program linked at a fixed address. */
  EXECUTABLE,

  /**
   * {@code ET_DYN}: a shared library, or a position-independent program (most programs on current
   * distributions are).
   */
  SHARED_OBJECT
}
