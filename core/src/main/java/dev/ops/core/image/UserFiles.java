package dev.ops.core.image;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files the user adds next to the program, placed as NanoVMs OPS places them: {@code Files} and
 * {@code Dirs} keep their path relative to the working directory (absolute ones keep their absolute
 * path), {@code MapDirs} sends a host directory or glob to a chosen guest directory.
 */
public final class UserFiles {

  private UserFiles() {}

  public static List<LayerEntry> collect(ImageSpec spec) {
    Path base = spec.workingDirectory();
    List<LayerEntry> entries = new ArrayList<>();
    for (String file : spec.files()) {
      entries.addAll(HostTreeCollector.collect(base.resolve(file), guestPathOf(file)));
    }
    for (String dir : spec.dirs()) {
      entries.addAll(HostTreeCollector.collect(base.resolve(dir), guestPathOf(dir)));
    }
    for (Map.Entry<String, String> mapping : spec.mapDirs().entrySet()) {
      String guestDir = GuestPaths.normalize(mapping.getValue());
      entries.addAll(HostTreeCollector.collectGlob(base, mapping.getKey(), guestDir));
    }
    return entries;
  }

  /** Relative paths land under the guest's root; {@code ..} cannot climb out of it. */
  private static String guestPathOf(String hostPath) {
    return GuestPaths.normalize("/" + hostPath);
  }
}
