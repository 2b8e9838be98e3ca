package dev.ops.core.util;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a tar stream into a directory without letting the archive reach outside it: entries that
 * climb out with {@code ..}, writes through a symbolic link, device files and archives larger than
 * the limit are refused. Symbolic links are stored as they are (a sysroot has absolute links that
 * mean paths inside the sysroot); they are never followed while unpacking.
 */
public final class SafeTarExtractor {

  /** Far above any package we unpack (a kernel source tree is about 1.5 GB). */
  public static final long DEFAULT_MAX_BYTES = 4L << 30;

  private SafeTarExtractor() {}

  public static void extract(InputStream tar, Path target) throws IOException {
    extract(tar, target, DEFAULT_MAX_BYTES);
  }

  public static void extract(InputStream tar, Path target, long maxBytes) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    long written = 0;
    try (TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        Path destination = destinationOf(root, entry.getName());
        written += entry.isFile() ? entry.getSize() : 0;
        if (written > maxBytes) {
          throw refused(entry, "the archive unpacks to more than " + maxBytes + " bytes");
        }
        unpackEntry(in, entry, root, destination);
      }
    }
  }

  private static void unpackEntry(
      TarArchiveInputStream in, TarArchiveEntry entry, Path root, Path destination)
      throws IOException {
    if (destination.equals(root)) {
      return;
    }
    requireNoLinkOnTheWay(root, destination.getParent(), entry);
    Files.createDirectories(destination.getParent());
    if (entry.isDirectory()) {
      createDirectory(destination, entry);
    } else if (entry.isSymbolicLink()) {
      requireLinkInside(root, destination, entry);
      Files.deleteIfExists(destination);
      Files.createSymbolicLink(destination, Path.of(entry.getLinkName()));
    } else if (entry.isLink()) {
      copyHardLink(root, entry, destination);
    } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      // Checked before isFile(), which commons-compress also answers true for these.
      throw refused(entry, "device files, FIFOs and sockets are not allowed");
    } else if (entry.isFile()) {
      Files.deleteIfExists(destination);
      Files.copy(in, destination);
      Files.setPosixFilePermissions(destination, permissions(entry.getMode()));
    } else {
      throw refused(entry, "device files, FIFOs and sockets are not allowed");
    }
  }

  /** A hard link becomes a copy of a regular file unpacked earlier inside the root. */
  private static void copyHardLink(Path root, TarArchiveEntry entry, Path destination)
      throws IOException {
    Path linked = destinationOf(root, entry.getLinkName());
    requireNoLinkOnTheWay(root, linked.getParent(), entry);
    if (Files.isSymbolicLink(linked) || !Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)) {
      throw refused(entry, "a hard link must name a regular file unpacked before it");
    }
    Files.copy(linked, destination, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void createDirectory(Path destination, TarArchiveEntry entry) throws IOException {
    if (Files.isSymbolicLink(destination)) {
      throw refused(entry, "a directory would replace a symbolic link");
    }
    Files.createDirectories(destination);
    Set<PosixFilePermission> mode = permissions(entry.getMode());
    mode.add(PosixFilePermission.OWNER_WRITE);
    mode.add(PosixFilePermission.OWNER_EXECUTE);
    mode.add(PosixFilePermission.OWNER_READ);
    Files.setPosixFilePermissions(destination, mode);
  }

  /** Resolves an entry name inside the root, refusing names that climb out of it. */
  public static Path destinationOf(Path root, String name) {
    Path relative = Path.of(name.startsWith("/") ? "." + name : name).normalize();
    Path destination = root.resolve(relative).normalize();
    if (!destination.startsWith(root) || relative.startsWith("..")) {
      throw new OpsException(
          "refused archive entry '" + name + "': it points outside the target directory",
          "the archive is corrupt or hostile; get it from a trusted source");
    }
    return destination;
  }

  /**
   * A relative link must not climb out of the root ({@code ../../etc/passwd}); an absolute one
   * means a path inside the root, as it will inside the guest.
   */
  private static void requireLinkInside(Path root, Path destination, TarArchiveEntry entry) {
    Path target = Path.of(entry.getLinkName());
    if (!target.isAbsolute()
        && !destination.getParent().resolve(target).normalize().startsWith(root)) {
      throw refused(entry, "its link leads outside the target directory");
    }
  }

  /** A symlink among the existing parents would let the next write land outside the root. */
  private static void requireNoLinkOnTheWay(Path root, Path directory, TarArchiveEntry entry) {
    for (Path current = directory;
        current != null && !current.equals(root);
        current = current.getParent()) {
      if (Files.isSymbolicLink(current)) {
        throw refused(
            entry, "it would be written through the symbolic link " + root.relativize(current));
      }
      if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(current)) {
        throw refused(entry, root.relativize(current) + " is not a directory");
      }
    }
  }

  private static OpsException refused(TarArchiveEntry entry, String reason) {
    return new OpsException(
        "refused archive entry '" + entry.getName() + "': " + reason,
        "the archive is corrupt or hostile; get it from a trusted source");
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = PosixFilePermission.values();
    // PosixFilePermission lists OWNER_READ first, which is bit 8 of the mode.
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (8 - i))) != 0) {
        result.add(bits[i]);
      }
    }
    return result;
  }
}
