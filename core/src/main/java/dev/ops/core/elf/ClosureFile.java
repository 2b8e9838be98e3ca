package dev.ops.core.elf;

import java.nio.file.Path;

/**
 * A regular file an image must carry for a program to load.
 *
 * @param guestPath its absolute path inside the sysroot, free of symbolic links
 * @param hostPath where to read it on the host
 */
public record ClosureFile(String guestPath, Path hostPath) {}
