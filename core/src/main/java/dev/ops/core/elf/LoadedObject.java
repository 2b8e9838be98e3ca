package dev.ops.core.elf;

/**
 * An object the simulated loader has loaded.
 *
 * @param openedPath the guest path the loader opened it by (a search directory joined with the
 *     name, or the PT_INTERP path), which may go through symbolic links
 * @param realPath the link-free guest path of the file
 * @param origin what $ORIGIN stands for in its search paths
 * @param elf its parsed contents
 * @param loader the object whose need loaded it; null for the program, which roots the chain
 */
record LoadedObject(
    String openedPath, String realPath, String origin, ElfFile elf, LoadedObject loader) {

  /**
   * The program. glibc takes its $ORIGIN from /proc/self/exe, which has every link resolved, so a
   * program reached through a link still finds "$ORIGIN/../lib" next to the real file.
   */
  static LoadedObject program(String openedPath, ResolvedPath location, ElfFile elf) {
    return new LoadedObject(
        openedPath, location.guestPath(), parentOf(location.guestPath()), elf, null);
  }

  /**
   * A library or loader. glibc takes its $ORIGIN from the path it opened, links unresolved, so that
   * is what this does too.
   */
  static LoadedObject library(
      String openedPath, ResolvedPath location, ElfFile elf, LoadedObject loader) {
    return new LoadedObject(openedPath, location.guestPath(), parentOf(openedPath), elf, loader);
  }

  static String parentOf(String guestPath) {
    int slash = guestPath.lastIndexOf('/');
    return slash <= 0 ? "/" : guestPath.substring(0, slash);
  }
}
