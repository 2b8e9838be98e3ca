package dev.ops.runner.host;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The runner's own records of the instances it holds, one {@code runner.json} in each instance's
 * directory of the core's {@link InstanceStore}. Written whole and atomically, so a runner killed
 * at any moment finds either the old record or the new one.
 */
public final class HostedStore {

  static final String RECORD = "runner.json";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final InstanceStore instances;
  private final Path root;

  public HostedStore(InstanceStore instances, Path root) {
    this.instances = instances;
    this.root = root;
  }

  public Path directory(String instanceId) {
    return instances.directory(instanceId);
  }

  public void save(HostedInstance hosted) {
    Path directory = directory(hosted.instanceId());
    try {
      Files.createDirectories(directory);
      FileTrees.writeAtomically(directory.resolve(RECORD), MAPPER.writeValueAsBytes(hosted));
    } catch (IOException e) {
      throw new UncheckedIOException("could not record instance " + hosted.instanceId(), e);
    }
  }

  public Optional<HostedInstance> find(String instanceId) {
    Path file = directory(instanceId).resolve(RECORD);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(Files.readAllBytes(file), HostedInstance.class));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** Every instance this runner holds on disk, found again after a restart. */
  public List<HostedInstance> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> directories = Files.list(root)) {
      return directories
          .filter(directory -> Files.isRegularFile(directory.resolve(RECORD)))
          .map(directory -> find(directory.getFileName().toString()))
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void delete(String instanceId) {
    FileTrees.delete(directory(instanceId));
  }
}
