package dev.ops.registry.repository;

import dev.ops.registry.db.Sql;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.name.RepositoryName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Finds repositories, and creates them on first push. Callers hold the transaction. */
@ApplicationScoped
public class Repositories {

  public Uni<Optional<Repository>> find(RepositoryName name) {
    return Repository.<Repository>find("name", name.value())
        .firstResult()
        .map(Optional::ofNullable);
  }

  public Uni<Repository> require(RepositoryName name) {
    return find(name)
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        RegistryError.NAME_UNKNOWN
                            .because("repository '" + name + "' does not exist in this registry")
                            .withDetail("name", name.value())));
  }

  /**
   * The id of the repository, creating it if needed. The row stays locked until the transaction
   * ends, so garbage collection cannot remove it in between.
   */
  public Uni<Long> idForPush(RepositoryName name) {
    return Sql.single(
        "insert into repository (name) values (?1)"
            + " on conflict (name) do update set name = excluded.name returning id",
        Long.class,
        name.value());
  }
}
