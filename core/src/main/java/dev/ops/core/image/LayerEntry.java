package dev.ops.core.image;

import java.nio.file.Path;

/**
 * One file-system object of an image layer, named by its absolute path in the guest. Owners and
 * timestamps are not part of an entry: every layer is written with root ownership and time zero, so
 * the same entries always give the same bytes.
 */
public sealed interface LayerEntry {

  String guestPath();

  /** The same entry at another path (used to store entries under their normalised path). */
  LayerEntry at(String newGuestPath);

  /** A directory. */
  record Directory(String guestPath, int mode) implements LayerEntry {
    @Override
    public Directory at(String newGuestPath) {
      return new Directory(newGuestPath, mode);
    }
  }

  /** A regular file whose bytes come from a file on the host. */
  record HostFile(String guestPath, int mode, Path source) implements LayerEntry {
    @Override
    public HostFile at(String newGuestPath) {
      return new HostFile(newGuestPath, mode, source);
    }
  }

  /** A regular file whose bytes ops generates (the init configuration, markers). */
  record Content(String guestPath, int mode, byte[] bytes) implements LayerEntry {
    @Override
    public Content at(String newGuestPath) {
      return new Content(newGuestPath, mode, bytes);
    }
  }

  /** A symbolic link, kept as a link. */
  record Symlink(String guestPath, String target) implements LayerEntry {
    @Override
    public Symlink at(String newGuestPath) {
      return new Symlink(newGuestPath, target);
    }
  }
}
