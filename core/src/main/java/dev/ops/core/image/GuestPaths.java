package dev.ops.core.image;

import dev.ops.core.OpsException;
import java.util.ArrayDeque;
import java.util.Deque;

/** Absolute paths inside the guest, checked and normalised the same way everywhere. */
public final class GuestPaths {

  private GuestPaths() {}

  /**
   * Makes {@code path} absolute and clean ({@code /a/b}); refuses paths that climb above the root
   * or hold characters that cannot stand in a cpio entry name.
   */
  public static String normalize(String path) {
    if (path.isEmpty() || path.indexOf('\0') >= 0) {
      throw new OpsException("not a usable path in the image: '" + path + "'");
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw new OpsException(
              "the path '" + path + "' climbs above the image's root",
              "use a path inside the image, such as /data/file");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    return "/" + String.join("/", parts);
  }

  public static String parent(String normalized) {
    int slash = normalized.lastIndexOf('/');
    return slash <= 0 ? "/" : normalized.substring(0, slash);
  }
}
