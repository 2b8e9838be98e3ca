package dev.ops.core.elf;

/**
 * One directory the loader searches for a library, and why it searches there.
 *
 * @param path the absolute guest path, tokens expanded
 * @param source which list it came from
 */
record SearchDirectory(String path, Source source) {

  /** The lists the loader searches, in the order it searches them. */
  enum Source {
    /** {@code DT_RPATH} of the requesting object or of an object that loaded it. */
    RPATH,
    /** The caller's list, which plays the part of {@code LD_LIBRARY_PATH}. */
    LIBRARY_PATH,
    /** {@code DT_RUNPATH} of the requesting object. */
    RUNPATH,
    /** {@code /etc/ld.so.conf}, which the loader knows through {@code /etc/ld.so.cache}. */
    CONFIGURED,
    /** The directories the loader searches when all else fails. */
    DEFAULT
  }

  /** Whether a loader in an image needs telling about this directory to search it. */
  boolean needsRuntimeLibraryPath() {
    boolean builtIn = SearchPlan.DEFAULT_DIRECTORIES.contains(path);
    return (source == Source.LIBRARY_PATH || source == Source.CONFIGURED) && !builtIn;
  }
}
