package dev.ops.core.elf;

/**
 * One entry of an ELF file's section header table.
 *
 * @param name the section's name, such as ".modinfo"; empty when the file has no name table
 * @param type the raw {@code sh_type}; {@link #NO_BITS} sections occupy no bytes in the file
 * @param offset where the section's bytes start in the file
 * @param size how many bytes the section has
 */
public record ElfSection(String name, int type, long offset, long size) {
  /** {@code SHT_NOBITS}: a section such as {@code .bss} that is all zeros and not stored. */
  public static final int NO_BITS = 8;

  /** Whether the section's bytes are stored in the file. */
  public boolean hasContents() {
    return type != NO_BITS;
  }
}
