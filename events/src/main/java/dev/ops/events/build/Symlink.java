package dev.ops.events.build;

import dev.ops.events.Require;

/**
 * A symbolic link of the image, kept as a link (Debian's {@code /lib64 -> usr/lib64}, a library's
 * {@code libfoo.so.1 -> libfoo.so.1.2}).
 *
 * @param path absolute path of the link in the guest
 * @param target the link's contents exactly as on the host, relative or absolute
 */
public record Symlink(String path, String target) {

  public Symlink {
    Require.guestPath(path, "path");
    Require.text(target, "target");
  }
}
