package dev.ops.core.elf;

/**
 * A symbolic link inside a sysroot, to recreate as a link in an image.
 *
 * @param guestPath where the link is, as an absolute path inside the sysroot
 * @param target the link's contents exactly as stored, relative or absolute
 */
public record SymbolicLink(String guestPath, String target) {}
