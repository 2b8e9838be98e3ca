package dev.ops.core.pkg;

import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.LayerEntry;
import dev.ops.core.image.UserFiles;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans an image on a package: the package's layer as it is, the user's files on top. The user's
 * choices win over the package's defaults:
 *
 * <ul>
 *   <li>arguments: the user's, when given, replace the package's;
 *   <li>environment: the package's, then the user's, key by key, the user's winning;
 *   <li>files: the user's {@code Files}, {@code Dirs} and {@code MapDirs}, plus every argument that
 *       names a file in the working directory ({@code -a server.js}), go in a layer above the
 *       package's, so a user's file replaces the package's file at the same path;
 *   <li>ports, memory and CPUs are the user's alone: packages do not set them.
 * </ul>
 */
public final class PackageImagePlanner {

  private PackageImagePlanner() {}

  public static BuildPlan plan(StoredPackage base, ImageSpec user) {
    PackageConfig config = base.config();
    List<String> args = user.args().isEmpty() ? config.args() : user.args();
    Map<String, String> env = new LinkedHashMap<>(config.env());
    env.putAll(user.env());

    List<LayerEntry> entries = UserFiles.collect(withArgumentFiles(user));
    List<LayerEntry.Symlink> links =
        entries.stream()
            .filter(LayerEntry.Symlink.class::isInstance)
            .map(LayerEntry.Symlink.class::cast)
            .toList();
    List<LayerEntry> files =
        entries.stream().filter(entry -> !(entry instanceof LayerEntry.Symlink)).toList();
    return new BuildPlan(
        config.program(),
        null,
        args,
        env,
        List.of(),
        files,
        links,
        user.nameServers(),
        user.kernel(),
        new BuildPlan.PackageLayer(config.name(), config.version(), base.layer()));
  }

  /**
   * Arguments that name a file under the working directory, by a relative path that stays inside
   * it, are the user's program files: {@code ops pkg load node -a server.js} carries server.js.
   */
  static ImageSpec withArgumentFiles(ImageSpec user) {
    List<String> files = new ArrayList<>(user.files());
    for (String arg : user.args()) {
      if (isLocalFile(user.workingDirectory(), arg) && !files.contains(arg)) {
        files.add(arg);
      }
    }
    return new ImageSpec(
        user.program(),
        user.args(),
        user.env(),
        files,
        user.dirs(),
        user.mapDirs(),
        user.libraryPaths(),
        user.nameServers(),
        user.kernel(),
        user.workingDirectory());
  }

  private static boolean isLocalFile(Path workingDirectory, String arg) {
    if (arg.isEmpty() || arg.startsWith("-") || arg.startsWith("/") || arg.indexOf('\0') >= 0) {
      return false;
    }
    Path relative = Path.of(arg).normalize();
    if (relative.startsWith("..")) {
      return false;
    }
    return Files.isRegularFile(workingDirectory.resolve(relative));
  }
}
