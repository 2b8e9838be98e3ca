package dev.ops.core.image;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbolic links of an image, followed the way the guest's kernel will follow them. Used where
 * no host file system can answer: a builder that has only a plan's files as blobs.
 */
final class GuestLinks {

  /** Linux gives up after 40 links in one lookup (MAXSYMLINKS); so does this. */
  private static final int MAX_LINKS = 40;

  private final Map<String, String> targets = new HashMap<>();

  private GuestLinks(Collection<LayerEntry.Symlink> links) {
    links.forEach(link -> targets.put(GuestPaths.normalize(link.guestPath()), link.target()));
  }

  static GuestLinks of(Collection<LayerEntry.Symlink> links) {
    return new GuestLinks(links);
  }

  /**
   * The link-free path that {@code path} leads to. A loop, or a chain longer than the kernel
   * follows, leaves the path as far as it got: the guest will fail there too.
   */
  String resolve(String path) {
    Deque<String> remaining = new ArrayDeque<>(parts(path));
    String current = "/";
    int followed = 0;
    while (!remaining.isEmpty()) {
      String candidate = child(current, remaining.removeFirst());
      String target = targets.get(candidate);
      if (target == null || followed++ >= MAX_LINKS) {
        current = candidate;
        continue;
      }
      // Restart from the target: it may itself pass through links.
      String next = target.startsWith("/") ? target : current + "/" + target;
      List<String> rest = List.copyOf(remaining);
      remaining.clear();
      remaining.addAll(parts(next));
      remaining.addAll(rest);
      current = "/";
    }
    return current;
  }

  /**
   * Where a link points, one step, as a clean absolute path; {@code ..} at the root stays at the
   * root, as in the kernel.
   */
  static String target(LayerEntry.Symlink link) {
    String parent = GuestPaths.parent(GuestPaths.normalize(link.guestPath()));
    String target = link.target().startsWith("/") ? link.target() : parent + "/" + link.target();
    String current = "/";
    for (String part : parts(target)) {
      current = child(current, part);
    }
    return current;
  }

  private static String child(String directory, String part) {
    if (part.equals("..")) {
      return GuestPaths.parent(directory);
    }
    return directory.equals("/") ? "/" + part : directory + "/" + part;
  }

  private static List<String> parts(String path) {
    return java.util.Arrays.stream(path.split("/"))
        .filter(part -> !part.isEmpty() && !part.equals("."))
        .toList();
  }
}
