package dev.ops.registry.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** Looks at the registry's storage directory from a test. */
public final class Storage {

  private Storage() {}

  public static Path root() {
    return Path.of(ConfigProvider.getConfig().getValue("ops.registry.storage", String.class));
  }

  public static Path blobFile(String digest) {
    String hex = digest.substring("sha256:".length());
    return root().resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
  }

  public static Path uploadFile(String location) {
    return root().resolve("uploads").resolve(location.substring(location.lastIndexOf('/') + 1));
  }

  public static List<Path> files(String directory) {
    try (Stream<Path> files = Files.walk(root().resolve(directory))) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
