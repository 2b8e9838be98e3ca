package dev.ops.registry.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Gives the registry under test a fresh PostgreSQL database and a fresh storage directory. */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    String database = TestPostgres.newDatabase();
    return Map.of(
        "quarkus.datasource.reactive.url", TestPostgres.reactiveUrl(database),
        "quarkus.datasource.jdbc.url", TestPostgres.jdbcUrl(database),
        "quarkus.datasource.username", "postgres",
        "quarkus.datasource.password", "postgres",
        "ops.registry.storage", storage().toString());
  }

  @Override
  public void stop() {
    // The server outlives this instance: other test profiles reuse it.
  }

  private static Path storage() {
    try {
      Files.createDirectories(Path.of("target"));
      return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "registry-storage-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
