package dev.ops.core.instance;

import dev.ops.core.OpsException;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local instances on disk: one directory each, with the record, the console log and the VM's run
 * files. A record whose supervisor process is gone while it still says "running" is reported as
 * {@link InstanceState#LOST}.
 */
public final class InstanceStore {

  static final String RECORD = "instance.json";
  public static final String CONSOLE_LOG = "console.log";
  public static final String BOOT_LOG = "boot.log";
  public static final String SUPERVISOR_LOG = "supervisor.log";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private final Path root;

  public InstanceStore(Path root) {
    this.root = root;
  }

  public static String requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new OpsException(
          "'" + name + "' is not a valid instance name",
          "use letters, digits, '_' and '-' (at most 63), starting with a letter or digit");
    }
    return name;
  }

  public Path directory(String name) {
    return root.resolve(requireValidName(name));
  }

  /** Reserves the name: fails if an instance of that name exists. */
  public void create(InstanceRecord record) {
    Path directory = directory(record.name());
    try {
      Files.createDirectories(root);
      Files.createDirectory(directory);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new OpsException(
          "an instance named " + record.name() + " already exists",
          "choose another name with --name, or remove it with 'ops instance rm "
              + record.name()
              + "'");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    save(record);
  }

  public void save(InstanceRecord record) {
    Json.writeAtomically(directory(record.name()).resolve(RECORD), record);
  }

  public Optional<InstanceRecord> find(String name) {
    Path file = directory(name).resolve(RECORD);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(withLiveness(Json.read(file, InstanceRecord.class)));
  }

  public InstanceRecord get(String name) {
    return find(name)
        .orElseThrow(
            () -> new OpsException("no instance named " + name, "see 'ops instance list'"));
  }

  public List<InstanceRecord> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(root)) {
      return directories
          .map(directory -> directory.getFileName().toString())
          .filter(name -> NAME.matcher(name).matches())
          .sorted()
          .map(this::find)
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void remove(String name) {
    get(name);
    FileTrees.delete(directory(name));
  }

  private static InstanceRecord withLiveness(InstanceRecord record) {
    if (!record.isActive() || record.supervisorPid() == null) {
      return record;
    }
    boolean alive =
        ProcessHandle.of(record.supervisorPid()).map(ProcessHandle::isAlive).orElse(false);
    return alive ? record : record.withState(InstanceState.LOST);
  }
}
