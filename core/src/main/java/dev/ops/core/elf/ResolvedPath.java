package dev.ops.core.elf;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a path inside a sysroot really leads.
 *
 * @param guestPath the absolute path inside the sysroot with no symbolic link left in it
 * @param hostPath the same file on the host: the sysroot joined with {@code guestPath}
 * @param symbolicLinks every link followed on the way, in the order followed
 */
public record ResolvedPath(String guestPath, Path hostPath, List<SymbolicLink> symbolicLinks) {
  public ResolvedPath {
    symbolicLinks = List.copyOf(symbolicLinks);
  }
}
