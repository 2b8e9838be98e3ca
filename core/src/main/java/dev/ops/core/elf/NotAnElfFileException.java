package dev.ops.core.elf;

import java.nio.file.Path;

/**
 * A file is not an ELF file at all: a script, a text file, an archive, an empty file.
 *
 * <p>The message says what the file looks like instead, because the usual cause is a wrapper script
 * or a build that failed, and the fix depends on which.
 */
public class NotAnElfFileException extends ElfFormatException {
  private static final long serialVersionUID = 1L;

  /** {@code description} completes the sentence "{@code <path>} ...". */
  public NotAnElfFileException(Path path, String description) {
    super(path, "not an ELF file: " + path + " " + description, null);
  }
}
