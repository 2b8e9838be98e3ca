package dev.ops.core.elf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One run of the simulated loader: loads objects breadth-first, as glibc does, and collects files,
 * links and missing libraries along the way.
 */
final class ClosureBuilder {
  /** Deeper trees are not library directories; the limit keeps a scan's cost predictable. */
  private static final int MAX_SCAN_DEPTH = 32;

  private final SysrootPathResolver paths;
  private final SearchPlan plan;
  private final Deque<LoadedObject> pending = new ArrayDeque<>();
  private final Map<String, LoadedObject> objectsByName = new HashMap<>();
  private final Map<String, LoadedObject> objectsByRealPath = new HashMap<>();
  private final Set<String> missingNames = new HashSet<>();
  private final List<MissingLibrary> missing = new ArrayList<>();
  private final Map<String, ClosureFile> files = new TreeMap<>();
  private final Map<String, SymbolicLink> links = new TreeMap<>();
  private final Set<String> runtimeLibraryPath = new LinkedHashSet<>();
  private LoadedObject program;

  ClosureBuilder(SysrootPathResolver paths, SearchPlan plan) {
    this.paths = paths;
    this.plan = plan;
  }

  /** Starts from the program; only one with a loader has dependencies to load. */
  void addProgram(String guestPath) throws IOException {
    ResolvedPath location = paths.resolve(guestPath);
    ElfFile elf = ElfFile.read(location.hostPath());
    program = LoadedObject.program(guestPath, location, elf);
    include(program, location);
    if (elf.interpreter().isPresent()) {
      // Registered first, so that libc's need of the loader's soname finds it by name.
      loadInterpreterOf(program);
      pending.add(program);
    }
  }

  /**
   * Adds every x86-64 program or shared object under {@code guestDirectory}, as if the program
   * loaded each of them with dlopen(). Other files, including ELF files for other machines or
   * damaged ones, are skipped without a word: such directories hold all sorts of files.
   */
  void addScannedDirectory(String guestDirectory) throws IOException {
    ResolvedPath directory = paths.resolve(guestDirectory);
    if (!Files.isDirectory(directory.hostPath())) {
      throw new NotDirectoryException(
          guestDirectory
              + " (inside sysroot "
              + paths.sysroot()
              + ") is not a directory;"
              + " perhaps you should pass the directory that contains it");
    }
    recordLinks(directory);
    for (String guestPath : filesUnder(directory)) {
      addScannedObject(guestPath);
    }
  }

  /** Loads the needs of every pending object, and of the objects those bring in. */
  void loadPending() throws IOException {
    while (!pending.isEmpty()) {
      LoadedObject object = pending.poll();
      for (String name : object.elf().neededLibraries()) {
        loadNeeded(name, object);
      }
    }
  }

  DependencyClosure finish() throws MissingLibrariesException {
    if (!missing.isEmpty()) {
      throw new MissingLibrariesException(
          program.openedPath(), paths.sysroot().toString(), missing);
    }
    return new DependencyClosure(
        List.copyOf(files.values()), List.copyOf(links.values()), List.copyOf(runtimeLibraryPath));
  }

  private void loadInterpreterOf(LoadedObject object) throws IOException {
    String name = object.elf().interpreter().orElseThrow();
    if (isKnown(name)) {
      return;
    }
    LibraryLookup lookup = new LibraryLookup(paths);
    accept(name, object, lookup.open(name), lookup);
  }

  private void loadNeeded(String name, LoadedObject requester) throws IOException {
    if (isKnown(name)) {
      return;
    }
    LibraryLookup lookup = new LibraryLookup(paths);
    Optional<LibraryLookup.Found> found =
        name.contains("/")
            ? lookup.open(name)
            : lookup.search(name, plan.directoriesFor(requester));
    accept(name, requester, found, lookup);
  }

  /** Whether the loader would consider {@code name} dealt with: loaded, or already failed. */
  private boolean isKnown(String name) {
    return objectsByName.containsKey(name) || missingNames.contains(name);
  }

  private void accept(
      String name,
      LoadedObject requester,
      Optional<LibraryLookup.Found> found,
      LibraryLookup lookup) {
    if (found.isPresent()) {
      load(name, requester, found.get());
    } else {
      missing.add(
          new MissingLibrary(name, requester.openedPath(), lookup.searched(), lookup.problems()));
      missingNames.add(name);
    }
  }

  private void load(String name, LoadedObject requester, LibraryLookup.Found file) {
    rememberRuntimeDirectory(file.directory());
    LoadedObject existing = objectsByRealPath.get(file.location().guestPath());
    if (existing != null) {
      // Another name for a file already loaded: the loader notices and reuses it, but it did
      // open the file by this name, so the links on the way matter too.
      recordLinks(file.location());
      objectsByName.put(name, existing);
      return;
    }
    LoadedObject loaded =
        LoadedObject.library(file.openedPath(), file.location(), file.elf(), requester);
    objectsByName.put(name, loaded);
    include(loaded, file.location());
    pending.add(loaded);
  }

  private void rememberRuntimeDirectory(SearchDirectory directory) {
    if (directory != null && directory.needsRuntimeLibraryPath()) {
      runtimeLibraryPath.add(directory.path());
    }
  }

  private void addScannedObject(String guestPath) throws IOException {
    Optional<ResolvedPath> location = findQuietly(guestPath);
    if (location.isEmpty() || objectsByRealPath.containsKey(location.get().guestPath())) {
      return;
    }
    ElfFile elf = readQuietly(location.get().hostPath());
    if (elf == null || elf.type() == ElfType.RELOCATABLE) {
      return;
    }
    LoadedObject object = LoadedObject.library(guestPath, location.get(), elf, program);
    include(object, location.get());
    if (elf.interpreter().isPresent()) {
      loadInterpreterOf(object);
    }
    pending.add(object);
  }

  /** Puts the object's file and links into the closure, and makes it findable by name. */
  private void include(LoadedObject object, ResolvedPath location) {
    String realPath = location.guestPath();
    files.put(realPath, new ClosureFile(realPath, location.hostPath()));
    recordLinks(location);
    objectsByRealPath.put(realPath, object);
    objectsByName.putIfAbsent(object.openedPath(), object);
    objectsByName.putIfAbsent(realPath, object);
    object.elf().soname().ifPresent(soname -> objectsByName.putIfAbsent(soname, object));
  }

  private void recordLinks(ResolvedPath location) {
    for (SymbolicLink link : location.symbolicLinks()) {
      links.putIfAbsent(link.guestPath(), link);
    }
  }

  private Optional<ResolvedPath> findQuietly(String guestPath) throws IOException {
    try {
      return paths.find(guestPath).filter(found -> Files.isRegularFile(found.hostPath()));
    } catch (SymlinkLoopException e) {
      return Optional.empty();
    }
  }

  private static ElfFile readQuietly(Path hostPath) throws IOException {
    try {
      return ElfFile.read(hostPath);
    } catch (ElfFormatException e) {
      return null;
    }
  }

  /** The guest paths of the files and links below {@code directory}, sorted, links unfollowed. */
  private static List<String> filesUnder(ResolvedPath directory) throws IOException {
    Path root = directory.hostPath();
    try (Stream<Path> walk = Files.walk(root, MAX_SCAN_DEPTH)) {
      return walk.filter(path -> !Files.isDirectory(path))
          .map(path -> guestPathOf(directory.guestPath(), root.relativize(path)))
          .sorted()
          .toList();
    }
  }

  private static String guestPathOf(String guestDirectory, Path relative) {
    String prefix = guestDirectory.equals("/") ? "" : guestDirectory;
    StringBuilder path = new StringBuilder(prefix);
    for (Path component : relative) {
      path.append('/').append(component);
    }
    return path.toString();
  }
}
