package dev.ops.registry.blob;

import dev.ops.registry.db.Sql;
import dev.ops.registry.name.Digest;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL advisory locks per digest, held until the transaction ends. Pushes that store or refer
 * to a blob take it shared; garbage collection takes it exclusive before it deletes the blob, so a
 * blob is never removed while a push is making it referenced. The locks work across every registry
 * instance on the same database.
 */
public final class BlobLocks {

  private BlobLocks() {}

  public static Uni<Void> shared(Digest digest) {
    return lock("pg_advisory_xact_lock_shared", digest);
  }

  public static Uni<Void> exclusive(Digest digest) {
    return lock("pg_advisory_xact_lock", digest);
  }

  private static Uni<Void> lock(String function, Digest digest) {
    return Sql.single(
            "select count(*) from (select " + function + "(?1)) as locked",
            Long.class,
            digest.lockKey())
        .replaceWithVoid();
  }
}
