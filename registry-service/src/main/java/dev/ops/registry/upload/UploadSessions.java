package dev.ops.registry.upload;

import dev.ops.registry.db.Sql;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.name.RepositoryName;
import dev.ops.registry.repository.Repositories;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** Upload sessions in the database; each method runs its own short transaction. */
@ApplicationScoped
public class UploadSessions {

  @Inject Repositories repositories;

  public Uni<UploadSession> create(RepositoryName name) {
    return Panache.withTransaction(
        () ->
            repositories
                .idForPush(name)
                .chain(
                    repositoryId -> {
                      UploadSession session = new UploadSession();
                      session.id = UUID.randomUUID();
                      session.repositoryId = repositoryId;
                      session.updatedAt = Instant.now();
                      return session.<UploadSession>persist();
                    }));
  }

  /** The session, marked as active now so that garbage collection leaves it alone. */
  public Uni<UploadSession> open(RepositoryName name, String id) {
    UUID uuid = parse(id);
    return Panache.withTransaction(
        () ->
            Sql.list(
                    "update upload_session s set updated_at = now() from repository r"
                        + " where s.id = ?1 and r.id = s.repository_id and r.name = ?2"
                        + " returning s.received",
                    Long.class,
                    uuid,
                    name.value())
                .map(
                    received -> {
                      if (received.isEmpty()) {
                        throw unknown(id);
                      }
                      UploadSession session = new UploadSession();
                      session.id = uuid;
                      session.received = received.get(0);
                      return session;
                    }));
  }

  /** Moves the committed offset forward, unless another request moved it first. */
  public Uni<Void> advance(UUID id, long from, long to) {
    return Panache.withTransaction(
            () ->
                Sql.update(
                    "update upload_session set received = ?3, updated_at = now()"
                        + " where id = ?1 and received = ?2",
                    id,
                    from,
                    to))
        .invoke(
            count -> {
              if (count == 0) {
                throw RegistryError.BLOB_UPLOAD_INVALID
                    .because("the upload changed while this chunk was written; GET it to resume")
                    .withStatus(416);
              }
            })
        .replaceWithVoid();
  }

  /**
   * Ends an upload inside the caller's transaction and returns its repository; the upload's bytes
   * are the caller's to move.
   */
  public Uni<Long> take(UUID id) {
    return Sql.list(
            "delete from upload_session where id = ?1 returning repository_id", Long.class, id)
        .map(
            rows -> {
              if (rows.isEmpty()) {
                throw unknown(id.toString());
              }
              return rows.get(0);
            });
  }

  public Uni<Void> delete(UUID id) {
    // A native delete: removing entities concurrently trips a Hibernate Reactive bug that
    // completes one session's flush on another's thread (quarkusio/quarkus#41945).
    return Panache.withTransaction(() -> Sql.update("delete from upload_session where id = ?1", id))
        .replaceWithVoid();
  }

  public static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw unknown(id);
    }
  }

  public static RegistryException unknown(String id) {
    return RegistryError.BLOB_UPLOAD_UNKNOWN
        .because(
            "upload "
                + id
                + " is not in progress in this repository (finished, cancelled or expired);"
                + " start a new upload with POST")
        .withDetail("upload", id);
  }
}
