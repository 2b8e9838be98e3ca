package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Resolves absolute paths inside a sysroot the way the kernel would if the sysroot were "/".
 *
 * <p>Components are walked one by one; a symbolic link's target replaces it, an absolute target
 * starting again from the sysroot, never from the host's "/", and ".." never climbs above the
 * sysroot. Each link followed is recorded, so an image can recreate the links a program relies on.
 * Like the kernel, resolution gives up after {@value #MAX_LINKS} links.
 */
public final class SysrootPathResolver {
  /** The kernel's limit, which is what makes a loop fail with ELOOP. */
  public static final int MAX_LINKS = 40;

  private final Path sysroot;

  public SysrootPathResolver(Path sysroot) {
    this.sysroot = sysroot.toAbsolutePath().normalize();
  }

  /** The host directory that stands for "/". */
  public Path sysroot() {
    return sysroot;
  }

  /**
   * Resolves an absolute {@code guestPath}; empty when it, or a link on the way, leads nowhere.
   *
   * @throws SymlinkLoopException when more than {@value #MAX_LINKS} links are followed
   * @throws IllegalArgumentException when {@code guestPath} is not absolute
   */
  public Optional<ResolvedPath> find(String guestPath) throws IOException {
    requireAbsolute(guestPath);
    return new Walk(guestPath).run();
  }

  /** Same as {@link #find}, for a path that must exist. */
  public ResolvedPath resolve(String guestPath) throws IOException {
    Optional<ResolvedPath> resolved = find(guestPath);
    if (resolved.isEmpty()) {
      throw new NoSuchFileException(
          guestPath, null, "not found inside sysroot " + sysroot + "; perhaps check the path");
    }
    return resolved.get();
  }

  /** The host path of a link-free guest path, without looking at the file system. */
  public Path hostPathOf(String linkFreeGuestPath) {
    requireAbsolute(linkFreeGuestPath);
    String relative = linkFreeGuestPath.replaceFirst("^/+", "");
    return relative.isEmpty() ? sysroot : sysroot.resolve(relative);
  }

  private static void requireAbsolute(String guestPath) {
    if (!guestPath.startsWith("/")) {
      throw new IllegalArgumentException(
          "path inside the sysroot must be absolute, but is '"
              + guestPath
              + "'; perhaps you should start it with '/'");
    }
  }

  /** One resolution: the components still to walk and the link-free directory reached. */
  private final class Walk {
    private final String requested;
    private final Deque<String> remaining = new ArrayDeque<>();
    private final List<SymbolicLink> links = new ArrayList<>();
    private final Deque<String> reached = new ArrayDeque<>();

    Walk(String requested) {
      this.requested = requested;
      pushComponents(requested);
    }

    Optional<ResolvedPath> run() throws IOException {
      while (!remaining.isEmpty()) {
        String component = remaining.pop();
        if (!step(component)) {
          return Optional.empty();
        }
      }
      String guestPath = currentGuestPath();
      return Optional.of(new ResolvedPath(guestPath, hostPathOf(guestPath), links));
    }

    /** Walks one component; false when it does not exist. */
    private boolean step(String component) throws IOException {
      if (component.equals(".")) {
        return true;
      }
      if (component.equals("..")) {
        reached.pollLast();
        return true;
      }
      reached.addLast(component);
      String guestPath = currentGuestPath();
      Path hostPath = hostPathOrNull(guestPath);
      if (hostPath != null && Files.isSymbolicLink(hostPath)) {
        followLink(guestPath, hostPath);
        return true;
      }
      return hostPath != null && Files.exists(hostPath, LinkOption.NOFOLLOW_LINKS);
    }

    private void followLink(String guestPath, Path hostPath) throws IOException {
      if (links.size() == MAX_LINKS) {
        throw new SymlinkLoopException(requested, sysroot.toString(), MAX_LINKS);
      }
      String target = Files.readSymbolicLink(hostPath).toString();
      links.add(new SymbolicLink(guestPath, target));
      reached.removeLast();
      if (target.startsWith("/")) {
        reached.clear();
      }
      pushComponents(target);
    }

    /** Puts {@code path}'s components before those still to walk, keeping their order. */
    private void pushComponents(String path) {
      String[] components = path.split("/");
      for (int i = components.length - 1; i >= 0; i--) {
        if (!components[i].isEmpty()) {
          remaining.push(components[i]);
        }
      }
    }

    private String currentGuestPath() {
      return reached.isEmpty() ? "/" : "/" + String.join("/", reached);
    }

    /** Null for names the host cannot represent; such a file cannot exist. */
    private Path hostPathOrNull(String guestPath) {
      try {
        return hostPathOf(guestPath);
      } catch (InvalidPathException e) {
        return null;
      }
    }
  }
}
