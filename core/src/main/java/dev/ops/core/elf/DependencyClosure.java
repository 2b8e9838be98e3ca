package dev.ops.core.elf;

import java.util.List;

/**
 * Everything a dynamically linked program needs to load, as the dynamic loader would find it.
 *
 * @param files the program, its loader and every library, each at its link-free path, sorted by
 *     guest path
 * @param symbolicLinks every link followed to reach them, sorted by guest path; an image that
 *     recreates them lets the loader open each file by the same path as on the sysroot
 * @param runtimeLibraryPath directories where libraries were found only through the caller's
 *     library path or {@code /etc/ld.so.conf}, in search order; the loader in the image finds them
 *     only if told, so put them in the program's {@code LD_LIBRARY_PATH} (or carry a matching
 *     {@code /etc/ld.so.cache})
 */
public record DependencyClosure(
    List<ClosureFile> files, List<SymbolicLink> symbolicLinks, List<String> runtimeLibraryPath) {

  public DependencyClosure {
    files = List.copyOf(files);
    symbolicLinks = List.copyOf(symbolicLinks);
    runtimeLibraryPath = List.copyOf(runtimeLibraryPath);
  }

  /** The guest paths of {@link #files}, for reports and tests. */
  public List<String> fileGuestPaths() {
    return files.stream().map(ClosureFile::guestPath).toList();
  }
}
