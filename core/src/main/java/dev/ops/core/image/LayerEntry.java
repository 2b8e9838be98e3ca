package dev.ops.core.image;

import java.nio.file.Path;

/**
 * One file-system object of an image layer, named by its absolute path in the guest. Owners and
 * timestamps are not part of an entry: every layer is written with root ownership and time zero, so
 * the same entries always give the same bytes.
 */
public sealed interface LayerEntry {

  String guestPath();

  /** A directory. */
  record Directory(String guestPath, int mode) implements LayerEntry {}

  /** A regular file whose bytes come from a file on the host. */
  record HostFile(String guestPath, int mode, Path source) implements LayerEntry {}

  /** A regular file whose bytes ops generates (the init configuration, markers). */
  record Content(String guestPath, int mode, byte[] bytes) implements LayerEntry {}

  /** A symbolic link, kept as a link. */
  record Symlink(String guestPath, String target) implements LayerEntry {}
}
