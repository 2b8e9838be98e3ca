package dev.ops.registry.blob;

import dev.ops.registry.db.Sql;
import dev.ops.registry.name.Digest;
import dev.ops.registry.name.RepositoryName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Blob records and the links that make a blob visible in a repository. */
@ApplicationScoped
public class BlobIndex {

  /** The size of a blob if the repository links it. */
  public Uni<Optional<Long>> linkedSize(RepositoryName name, Digest digest) {
    return Sql.list(
            "select b.size from blob b"
                + " join repository_blob rb on rb.digest = b.digest"
                + " join repository r on r.id = rb.repository_id"
                + " where r.name = ?1 and b.digest = ?2",
            Long.class,
            name.value(),
            digest.value())
        .map(sizes -> sizes.stream().findFirst());
  }

  public Uni<Optional<Blob>> find(Digest digest) {
    return Blob.<Blob>findById(digest.value()).map(Optional::ofNullable);
  }

  /** Records a blob just stored and links it; a second push of the same bytes renews both. */
  public Uni<Void> record(long repositoryId, Digest digest, long size) {
    return Sql.update(
            "insert into blob (digest, size) values (?1, ?2)"
                + " on conflict (digest) do update set last_pushed_at = now()",
            digest.value(),
            size)
        .chain(ignored -> link(repositoryId, digest));
  }

  /** Links a stored blob into a repository (a mount), renewing its grace period. */
  public Uni<Void> link(long repositoryId, Digest digest) {
    return Sql.update(
            "insert into repository_blob (repository_id, digest) values (?1, ?2)"
                + " on conflict (repository_id, digest) do update set linked_at = now()",
            repositoryId,
            digest.value())
        .replaceWithVoid();
  }

  /** Removes a repository's link; the bytes go when garbage collection finds no other user. */
  public Uni<Boolean> unlink(RepositoryName name, Digest digest) {
    return Sql.update(
            "delete from repository_blob rb using repository r"
                + " where r.id = rb.repository_id and r.name = ?1 and rb.digest = ?2",
            name.value(),
            digest.value())
        .map(count -> count > 0);
  }
}
