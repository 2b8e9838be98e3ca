package dev.ops.core.elf;

import java.nio.file.FileSystemException;

/** Resolving a path inside a sysroot followed more symbolic links than the kernel would. */
public class SymlinkLoopException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  public SymlinkLoopException(String guestPath, String sysroot, int limit) {
    super(
        guestPath,
        null,
        "more than "
            + limit
            + " symbolic links to follow inside sysroot "
            + sysroot
            + "; perhaps some links form a loop: check them with ls -l");
  }
}
