package dev.ops.core.image;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which layer each entry of a plan goes to, from the plan alone, so that a plan gives the
 * same layers whether it was made on the user's machine or from blobs on a builder.
 *
 * <p>The libraries layer holds the shared libraries and every link that leads to the program, a
 * library or a directory on the way to one (Debian's {@code /lib64 -> usr/lib64}): images with the
 * same closure then share that layer byte for byte. The program layer holds the program, the user's
 * files and every other link. A library the user's files already carry is stored once, in the
 * program layer.
 */
final class LayerAssignment {

  private final LayerContents libraries = new LayerContents(ImageBuilder.LIBRARIES_LAYER);
  private final LayerContents program = new LayerContents(ImageBuilder.PROGRAM_LAYER);

  private LayerAssignment() {}

  static LayerAssignment of(BuildPlan plan) {
    LayerAssignment assignment = new LayerAssignment();
    List<LayerEntry.Symlink> libraryLinks = libraryLinks(plan);
    assignment.program.addAll(plan.files());
    if (plan.program() != null) {
      assignment.program.add(plan.program());
    }
    plan.symlinks().stream()
        .filter(link -> !libraryLinks.contains(link))
        .forEach(assignment.program::add);
    assignment.addLibraries(plan.libraries());
    assignment.addLibraries(libraryLinks);
    return assignment;
  }

  LayerContents libraries() {
    return libraries;
  }

  LayerContents program() {
    return program;
  }

  private void addLibraries(List<? extends LayerEntry> entries) {
    entries.stream().filter(entry -> !program.contains(entry.guestPath())).forEach(libraries::add);
  }

  /**
   * The links that lead to the closure: found by widening the set of reached paths until no link
   * adds to it, because links lead to links ({@code /lib64} to the directory holding the loader's
   * link).
   */
  private static List<LayerEntry.Symlink> libraryLinks(BuildPlan plan) {
    Set<String> reached = new HashSet<>();
    if (plan.program() != null) {
      addWithAncestors(reached, plan.program().guestPath());
    }
    plan.libraries().forEach(library -> addWithAncestors(reached, library.guestPath()));
    GuestLinks links = GuestLinks.of(plan.symlinks());
    Set<String> userDirectories = userDirectories(plan);
    List<LayerEntry.Symlink> pending =
        plan.symlinks().stream()
            .filter(link -> !userDirectories.contains(parentOf(link)))
            .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
    List<LayerEntry.Symlink> found = new ArrayList<>();
    boolean widened = true;
    while (widened) {
      widened = false;
      for (LayerEntry.Symlink link : List.copyOf(pending)) {
        if (leadsTo(reached, GuestLinks.target(link), links)) {
          pending.remove(link);
          found.add(link);
          addWithAncestors(reached, GuestPaths.normalize(link.guestPath()));
          widened = true;
        }
      }
    }
    return found;
  }

  /**
   * The directories that hold the user's files. Directory entries do not count: a plan made from a
   * build request has none, and both kinds of plan must lay out the same way.
   */
  private static Set<String> userDirectories(BuildPlan plan) {
    Set<String> directories = new HashSet<>();
    for (LayerEntry entry : plan.files()) {
      if (!(entry instanceof LayerEntry.Directory)) {
        directories.add(GuestPaths.parent(GuestPaths.normalize(entry.guestPath())));
      }
    }
    return directories;
  }

  private static String parentOf(LayerEntry.Symlink link) {
    return GuestPaths.parent(GuestPaths.normalize(link.guestPath()));
  }

  /**
   * Whether a link's target is a reached path, as written or once the links on its way are
   * followed: Debian's {@code /usr/lib64/ld-linux-x86-64.so.2} points at {@code
   * /lib/x86_64-linux-gnu/...}, which is the loader only through {@code /lib -> usr/lib}.
   */
  private static boolean leadsTo(Set<String> reached, String target, GuestLinks links) {
    return !target.equals("/")
        && (reached.contains(target) || reached.contains(links.resolve(target)));
  }

  private static void addWithAncestors(Set<String> reached, String path) {
    for (String current = GuestPaths.normalize(path);
        !current.equals("/");
        current = GuestPaths.parent(current)) {
      reached.add(current);
    }
  }
}
