package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks for one library in a list of directories, taking candidates the way glibc does.
 *
 * <p>A candidate that does not exist, is not a regular file, is not readable, or lies behind a
 * symbolic link loop is passed over. An ELF for another architecture is passed over too, with a
 * note (glibc does this silently so that 32-bit and 64-bit libraries can share a path). A candidate
 * that is not ELF at all, or is damaged, ends the search: glibc stops there with "invalid ELF
 * header", so the program would fail in the image as well.
 */
final class LibraryLookup {
  private final SysrootPathResolver paths;
  private final List<String> searched = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  LibraryLookup(SysrootPathResolver paths) {
    this.paths = paths;
  }

  /** A file the loader would take. */
  record Found(String openedPath, ResolvedPath location, ElfFile elf, SearchDirectory directory) {}

  /** Searches {@code directories} in order for {@code name}, which has no "/". */
  Optional<Found> search(String name, List<SearchDirectory> directories) throws IOException {
    for (SearchDirectory directory : directories) {
      searched.add(directory.path());
      Attempt attempt = tryCandidate(join(directory.path(), name), directory);
      if (attempt.found() != null) {
        return Optional.of(attempt.found());
      }
      if (attempt.stop()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Opens {@code guestPath} directly, as the loader does for names with a "/". */
  Optional<Found> open(String guestPath) throws IOException {
    if (!guestPath.startsWith("/")) {
      problems.add(
          "'"
              + guestPath
              + "' is a relative path, which the loader opens from the working directory;"
              + " ops cannot know it, so perhaps you should relink with an absolute path or a"
              + " plain soname");
      return Optional.empty();
    }
    return Optional.ofNullable(tryCandidate(guestPath, null).found());
  }

  /** The directories looked in so far. */
  List<String> searched() {
    return List.copyOf(searched);
  }

  /** Why existing candidates were not taken. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** The result of trying one candidate: taken ({@code found}), passed over, or the end. */
  private record Attempt(Found found, boolean stop) {
    static final Attempt PASSED_OVER = new Attempt(null, false);
    static final Attempt STOP = new Attempt(null, true);
  }

  private Attempt tryCandidate(String candidate, SearchDirectory directory) throws IOException {
    Optional<ResolvedPath> location = findFile(candidate);
    if (location.isEmpty()) {
      return Attempt.PASSED_OVER;
    }
    try {
      ElfFile elf = ElfFile.read(location.get().hostPath());
      return new Attempt(new Found(candidate, location.get(), elf, directory), false);
    } catch (AccessDeniedException e) {
      // The loader cannot open it either, and goes on to the next directory.
      problems.add("passed over " + candidate + ": it is not readable (" + e.getMessage() + ")");
      return Attempt.PASSED_OVER;
    } catch (WrongArchitectureException e) {
      problems.add("passed over " + candidate + ": " + e.getMessage());
      return Attempt.PASSED_OVER;
    } catch (ElfFormatException e) {
      problems.add("the loader would stop at " + candidate + ": " + e.getMessage());
      return Attempt.STOP;
    }
  }

  private Optional<ResolvedPath> findFile(String candidate) throws IOException {
    try {
      Optional<ResolvedPath> found = paths.find(candidate);
      return found.filter(file -> Files.isRegularFile(file.hostPath()));
    } catch (SymlinkLoopException e) {
      problems.add("passed over " + candidate + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static String join(String directory, String name) {
    return directory.equals("/") ? "/" + name : directory + "/" + name;
  }
}
