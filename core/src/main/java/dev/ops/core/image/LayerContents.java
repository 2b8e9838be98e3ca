package dev.ops.core.image;

import dev.ops.core.OpsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The entries of one layer, kept sorted by path and complete: every parent directory is there,
 * because the kernel's initramfs unpacker does not create missing parents.
 */
public final class LayerContents {

  static final int DIRECTORY_MODE = 0755;

  private final String name;
  private final SortedMap<String, LayerEntry> entries = new TreeMap<>();

  public LayerContents(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public LayerContents add(LayerEntry entry) {
    String path = GuestPaths.normalize(entry.guestPath());
    addParents(path);
    LayerEntry existing = entries.get(path);
    if (existing != null && !sameEntry(existing, entry)) {
      throw new OpsException(
          "two different files want the same place " + path + " in the image",
          "rename one of them or map it elsewhere (MapDirs)");
    }
    entries.put(path, entry.at(path));
    return this;
  }

  public LayerContents addAll(Collection<? extends LayerEntry> more) {
    more.forEach(this::add);
    return this;
  }

  public LayerContents copy() {
    LayerContents copy = new LayerContents(name);
    copy.entries.putAll(entries);
    return copy;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public boolean contains(String guestPath) {
    return entries.containsKey(GuestPaths.normalize(guestPath));
  }

  /** Entries in archive order: sorted, so parents come before what they hold. */
  public List<LayerEntry> entries() {
    return new ArrayList<>(entries.values());
  }

  private void addParents(String path) {
    for (String parent = GuestPaths.parent(path);
        !parent.equals("/");
        parent = GuestPaths.parent(parent)) {
      LayerEntry existing = entries.get(parent);
      if (existing instanceof LayerEntry.Symlink) {
        throw new OpsException(
            "cannot put " + path + " in the image: " + parent + " is a symbolic link there",
            "put the file under the link's target instead");
      }
      if (existing != null && !(existing instanceof LayerEntry.Directory)) {
        throw new OpsException(
            "cannot put " + path + " in the image: " + parent + " is a file there",
            "rename one of them");
      }
      if (existing == null) {
        entries.put(parent, new LayerEntry.Directory(parent, DIRECTORY_MODE));
      }
    }
  }

  private static boolean sameEntry(LayerEntry a, LayerEntry b) {
    if (a instanceof LayerEntry.Directory && b instanceof LayerEntry.Directory) {
      return true;
    }
    if (a instanceof LayerEntry.HostFile fileA && b instanceof LayerEntry.HostFile fileB) {
      return fileA.source().equals(fileB.source());
    }
    if (a instanceof LayerEntry.Content contentA && b instanceof LayerEntry.Content contentB) {
      // Records compare arrays by identity; generated files are equal by their bytes.
      return contentA.mode() == contentB.mode()
          && Arrays.equals(contentA.bytes(), contentB.bytes());
    }
    return Objects.equals(a, b);
  }
}
