package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file could not be read as an x86-64 ELF file: it is damaged, truncated or hostile.
 *
 * <p>Every problem found in the contents of a file ends in this exception (or one of its
 * subclasses), never in an unchecked exception, so callers can report it and go on. It is an {@link
 * IOException} because, to the caller, a damaged file is a problem of the input like any other.
 */
public class ElfFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /** Reports that {@code path} starts like an ELF file but {@code reason} makes it unusable. */
  public ElfFormatException(Path path, String reason) {
    this(
        path,
        "not a valid ELF file: "
            + path
            + ": "
            + reason
            + " (perhaps the file is truncated or damaged: rebuild or reinstall it)",
        null);
  }

  /** For subclasses, which word their own complete message. */
  protected ElfFormatException(Path path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** The file that could not be read. */
  public Path path() {
    return path;
  }
}
