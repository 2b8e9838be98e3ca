package dev.ops.core.launch;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The unprivileged account one VM's QEMU runs as: a numeric user and group of its own (no entry in
 * /etc/passwd is needed) and the supplementary groups it may use, such as the owner of /dev/kvm.
 * {@code vm-leash} switches to it before it starts QEMU; this class hands that account what QEMU
 * opens, and nothing else.
 *
 * @param uid the user id, never 0
 * @param gid the primary group id
 * @param groups supplementary group ids
 */
public record VmUser(int uid, int gid, List<Integer> groups) {

  private static final Pattern SPEC = Pattern.compile("(\\d+):(\\d+)(?::(\\d+(?:,\\d+)*))?");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_READ =
      PosixFilePermissions.fromString("r--------");

  public VmUser {
    if (uid <= 0 || gid <= 0) {
      throw new IllegalArgumentException(
          "a VM's user and group must not be root: " + uid + ":" + gid);
    }
    groups = List.copyOf(groups);
  }

  /** Reads {@code UID:GID[:GID,...]}, as {@link #spec()} writes it. */
  public static VmUser parse(String spec) {
    Matcher matcher = SPEC.matcher(spec);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("a VM user is UID:GID[:GID,...], not '" + spec + "'");
    }
    List<Integer> groups = new ArrayList<>();
    if (matcher.group(3) != null) {
      for (String group : matcher.group(3).split(",")) {
        groups.add(Integer.parseInt(group));
      }
    }
    return new VmUser(
        Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), groups);
  }

  /** {@code UID:GID[:GID,...]}, the form vm-leash's {@code --user} takes. */
  public String spec() {
    String base = uid + ":" + gid;
    return groups.isEmpty()
        ? base
        : base + ":" + groups.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** What goes between vm-leash and QEMU's command line. */
  public List<String> leashArguments() {
    return List.of("--user", spec());
  }

  /**
   * A directory only this user may enter, for what QEMU opens: its status socket, the initramfs and
   * a kernel it could not read where it is. Its parents must let others pass (mode {@code o+x}).
   */
  public Path ownDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, OWNER_ONLY);
      own(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare " + directory + " for " + spec(), e);
    }
  }

  /** Makes {@code file} this user's, readable by it alone. */
  public void ownFile(Path file) {
    try {
      Files.setPosixFilePermissions(file, OWNER_READ);
      own(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not hand " + file + " to " + spec(), e);
    }
  }

  /**
   * {@code file} where this user can read it: in place when everyone can, else a copy in {@code
   * directory} (kernels are a few tens of MiB; the copy takes milliseconds from the page cache).
   */
  public Path readable(Path file, Path directory) {
    if (everyoneCanRead(file)) {
      return file;
    }
    Path copy = directory.resolve(file.getFileName());
    try {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy " + file + " for " + spec(), e);
    }
    ownFile(copy);
    return copy;
  }

  /** Whether any user may reach {@code path}: every parent passable, the path itself readable. */
  public static boolean everyoneCanRead(Path path) {
    Path absolute = path.toAbsolutePath();
    if (!has(absolute, PosixFilePermission.OTHERS_READ)) {
      return false;
    }
    return everyoneCanPass(absolute.getParent());
  }

  /** Whether any user may pass through {@code directory} and every directory above it. */
  public static boolean everyoneCanPass(Path directory) {
    for (Path step = directory.toAbsolutePath(); step != null; step = step.getParent()) {
      if (!has(step, PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
    }
    return true;
  }

  private static boolean has(Path path, PosixFilePermission permission) {
    try {
      return Files.getPosixFilePermissions(path).contains(permission);
    } catch (IOException e) {
      return false;
    }
  }

  private void own(Path path) throws IOException {
    try {
      Files.setAttribute(path, "unix:uid", uid);
      Files.setAttribute(path, "unix:gid", gid);
    } catch (UnsupportedOperationException | SecurityException e) {
      throw new OpsException(
          "cannot give " + path + " to user " + uid + ": " + e.getMessage(),
          "run VMs under users of their own only where the starting process is root");
    }
  }
}
