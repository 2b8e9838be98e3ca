package dev.ops.registry.gc;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.blob.BlobLocks;
import dev.ops.registry.db.Sql;
import dev.ops.registry.name.Digest;
import dev.ops.registry.storage.BlobStore;
import dev.ops.registry.storage.Blocking;
import dev.ops.registry.upload.UploadGate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Removes what nothing references: abandoned uploads, repository links that no manifest of the
 * repository needs, blobs that no repository links, stray files and empty repositories.
 *
 * <p>It never races a push. Blobs pushed, mounted or linked within the grace period are kept, so a
 * client has time to push the manifest that uses them. Each blob is deleted in its own transaction
 * under the blob's exclusive advisory lock, which every push that stores or refers to that blob
 * takes shared; the file is moved to trash before the commit and restored if the commit fails.
 * Upload sessions are removed only when idle past the upload expiry and not being written here.
 */
@ApplicationScoped
public class GarbageCollector {

  private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int BATCH = 500;

  @Inject BlobStore store;
  @Inject UploadGate gate;
  @Inject RegistryConfig config;

  private final AtomicBoolean running = new AtomicBoolean();

  /** A collection with the configured grace period and upload expiry. */
  public Uni<GcReport> collect() {
    return collect(config.gc().blobGracePeriod(), config.gc().uploadExpiry());
  }

  /** A collection; empty if another one is already running on this instance. */
  public Uni<GcReport> collect(Duration blobGrace, Duration uploadExpiry) {
    if (!running.compareAndSet(false, true)) {
      return Uni.createFrom().nullItem();
    }
    long started = System.nanoTime();
    Instant blobCutoff = Instant.now().minus(blobGrace);
    Instant uploadCutoff = Instant.now().minus(uploadExpiry);
    Counts counts = new Counts();
    return expireUploads(uploadCutoff, counts)
        .chain(() -> removeStrayUploadFiles(uploadCutoff, counts))
        .chain(() -> sweepBlobs(blobCutoff, counts))
        .chain(() -> removeStrayBlobFiles(blobCutoff, counts))
        .chain(() -> removeEmptyRepositories(blobCutoff, counts))
        .map(ignored -> counts.report((System.nanoTime() - started) / 1_000_000))
        .invoke(report -> LOG.infof("garbage collection: %s", report))
        .eventually(() -> running.set(false));
  }

  private Uni<Void> expireUploads(Instant cutoff, Counts counts) {
    Set<UUID> active = gate.writing();
    return Panache.withSession(
            () ->
                Sql.list(
                    "select id from upload_session where updated_at < ?1",
                    UUID.class,
                    offset(cutoff)))
        .chain(
            expired ->
                each(
                    expired.stream().filter(id -> !active.contains(id)).toList(),
                    id -> expireUpload(id, cutoff, counts)));
  }

  private Uni<Void> expireUpload(UUID id, Instant cutoff, Counts counts) {
    // The condition is checked again: the client may have come back since the query.
    return Panache.withTransaction(
            () ->
                Sql.update(
                    "delete from upload_session where id = ?1 and updated_at < ?2",
                    id,
                    offset(cutoff)))
        .chain(
            deleted ->
                deleted == 0
                    ? Uni.createFrom().voidItem()
                    : store.delete(store.uploadPath(id)).invoke(() -> counts.uploads++));
  }

  private Uni<Void> removeStrayUploadFiles(Instant cutoff, Counts counts) {
    return Blocking.call(() -> oldFiles(store.listUploadFiles(), cutoff))
        .chain(files -> each(files, file -> removeIfStrayUpload(file, counts)));
  }

  /** An upload file without a session: its session expired on another instance, or a crash. */
  private Uni<Void> removeIfStrayUpload(Path file, Counts counts) {
    return Panache.withSession(
            () ->
                Sql.list(
                    "select count(*) from upload_session where id::text = ?1",
                    Long.class,
                    file.getFileName().toString()))
        .chain(
            rows ->
                rows.get(0) > 0
                    ? Uni.createFrom().voidItem()
                    : store.delete(file).invoke(() -> counts.strayFiles++));
  }

  private Uni<Void> sweepBlobs(Instant cutoff, Counts counts) {
    return Panache.withSession(
            () ->
                Sql.list(
                    "select distinct rb.digest from repository_blob rb"
                        + " where rb.linked_at < ?1 and not exists ("
                        + "   select 1 from manifest_reference mr"
                        + "   join manifest m on m.id = mr.manifest_id"
                        + "   where m.repository_id = rb.repository_id and mr.digest = rb.digest)"
                        + " union"
                        + " select b.digest from blob b where b.last_pushed_at < ?1"
                        + " and not exists (select 1 from repository_blob rb"
                        + "   where rb.digest = b.digest)",
                    String.class,
                    offset(cutoff)))
        .chain(digests -> each(digests, digest -> sweepBlob(new Digest(digest), cutoff, counts)));
  }

  /** Unlinks one blob where unused, and deletes it if nothing links it any more. */
  private Uni<Void> sweepBlob(Digest digest, Instant cutoff, Counts counts) {
    AtomicReference<Trashed> trashed = new AtomicReference<>();
    return Panache.withTransaction(
            () ->
                BlobLocks.exclusive(digest)
                    .chain(() -> unlinkUnused(digest, cutoff))
                    .invoke(unlinked -> counts.links += unlinked)
                    .chain(() -> deleteIfUnused(digest, cutoff))
                    .invoke(deleted -> deleted.ifPresent(trashed::set)))
        .onFailure()
        .call(() -> restore(trashed.get()))
        .chain(
            deleted -> deleted.map(t -> emptyTrash(t, counts)).orElse(Uni.createFrom().voidItem()))
        .onFailure()
        .recoverWithItem(
            failure -> {
              // The next collection tries this blob again.
              LOG.warnf("could not collect blob %s: %s", digest, failure.toString());
              return null;
            });
  }

  /** The deletion did not commit, so the blob is still recorded: its file goes back. */
  private Uni<Void> restore(Trashed trashed) {
    if (trashed == null || trashed.path().isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    return store.restore(trashed.path().get(), trashed.digest());
  }

  private Uni<Integer> unlinkUnused(Digest digest, Instant cutoff) {
    return Sql.update(
        "delete from repository_blob rb where rb.digest = ?1 and rb.linked_at < ?2"
            + " and not exists (select 1 from manifest_reference mr"
            + "   join manifest m on m.id = mr.manifest_id"
            + "   where m.repository_id = rb.repository_id and mr.digest = rb.digest)",
        digest.value(),
        offset(cutoff));
  }

  private Uni<Optional<Trashed>> deleteIfUnused(Digest digest, Instant cutoff) {
    return Sql.list(
            "delete from blob b where b.digest = ?1 and b.last_pushed_at < ?2"
                + " and not exists (select 1 from repository_blob rb where rb.digest = b.digest)"
                + " and not exists (select 1 from manifest_reference mr where mr.digest = b.digest)"
                + " returning b.size",
            Long.class,
            digest.value(),
            offset(cutoff))
        .chain(
            deleted ->
                deleted.isEmpty()
                    ? Uni.createFrom().item(Optional.<Trashed>empty())
                    : store
                        .moveToTrash(digest)
                        .map(path -> Optional.of(new Trashed(digest, path, deleted.get(0)))));
  }

  private Uni<Void> emptyTrash(Trashed trashed, Counts counts) {
    counts.blobs++;
    counts.bytes += trashed.size();
    return trashed.path().map(store::delete).orElse(Uni.createFrom().voidItem());
  }

  private Uni<Void> removeStrayBlobFiles(Instant cutoff, Counts counts) {
    return Blocking.call(() -> oldFiles(store.listBlobFiles(), cutoff))
        .map(
            files ->
                files.stream()
                    .filter(f -> HEX.matcher(f.getFileName().toString()).matches())
                    .toList())
        .chain(this::unrecorded)
        .chain(files -> each(files, file -> removeIfStray(file, counts)));
  }

  /** The blob files whose digest has no record, asked in batches rather than file by file. */
  private Uni<List<Path>> unrecorded(List<Path> files) {
    List<List<Path>> batches = new ArrayList<>();
    for (int i = 0; i < files.size(); i += BATCH) {
      batches.add(files.subList(i, Math.min(files.size(), i + BATCH)));
    }
    return Multi.createFrom()
        .iterable(batches)
        .onItem()
        .transformToUniAndConcatenate(this::unrecordedInBatch)
        .collect()
        .asList()
        .map(lists -> lists.stream().flatMap(List::stream).toList());
  }

  private Uni<List<Path>> unrecordedInBatch(List<Path> batch) {
    Object[] digests = batch.stream().map(GarbageCollector::digestOf).map(Digest::value).toArray();
    StringBuilder placeholders = new StringBuilder();
    for (int i = 1; i <= digests.length; i++) {
      placeholders.append(i == 1 ? "?" : ", ?").append(i);
    }
    return Panache.withSession(
            () ->
                Sql.list(
                    "select digest from blob where digest in (" + placeholders + ")",
                    String.class,
                    digests))
        .map(known -> batch.stream().filter(f -> !known.contains(digestOf(f).value())).toList());
  }

  private static Digest digestOf(Path blobFile) {
    return new Digest(Digest.SHA256 + blobFile.getFileName());
  }

  /** A blob file without a record: a push that crashed between the move and the commit. */
  private Uni<Void> removeIfStray(Path file, Counts counts) {
    Digest digest = digestOf(file);
    return Panache.withTransaction(
        () ->
            BlobLocks.exclusive(digest)
                .chain(
                    () ->
                        Sql.list(
                            "select count(*) from blob where digest = ?1",
                            Long.class,
                            digest.value()))
                .chain(
                    rows ->
                        rows.get(0) > 0
                            ? Uni.createFrom().voidItem()
                            : store.delete(file).invoke(() -> counts.strayFiles++)));
  }

  private Uni<Void> removeEmptyRepositories(Instant cutoff, Counts counts) {
    return Panache.withTransaction(
            () ->
                Sql.update(
                    "delete from repository where id in (select r.id from repository r"
                        + " where r.created_at < ?1"
                        + " and not exists (select 1 from manifest m where m.repository_id = r.id)"
                        + " and not exists (select 1 from repository_blob rb"
                        + "   where rb.repository_id = r.id)"
                        + " and not exists (select 1 from upload_session s"
                        + "   where s.repository_id = r.id)"
                        + " and not exists (select 1 from tag t where t.repository_id = r.id)"
                        // A push holds its repository's row locked: leave those alone.
                        + " for update skip locked)",
                    offset(cutoff)))
        .invoke(removed -> counts.repositories += removed)
        .onFailure()
        .recoverWithItem(
            failure -> {
              // A push created something in one of them meanwhile; the next run will see.
              LOG.debugf("kept empty repositories this time: %s", failure.toString());
              return 0;
            })
        .replaceWithVoid();
  }

  private static List<Path> oldFiles(Stream<Path> files, Instant cutoff) {
    try (files) {
      return files.filter(file -> modifiedBefore(file, cutoff)).toList();
    }
  }

  private static boolean modifiedBefore(Path file, Instant cutoff) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static <T> Uni<Void> each(List<T> items, java.util.function.Function<T, Uni<Void>> step) {
    return Multi.createFrom()
        .iterable(items)
        .onItem()
        .<Void>transformToUniAndConcatenate(step::apply)
        .collect()
        .last()
        .replaceWithVoid();
  }

  private static OffsetDateTime offset(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  private record Trashed(Digest digest, Optional<Path> path, long size) {}

  private static final class Counts {
    int uploads;
    int links;
    int blobs;
    long bytes;
    int strayFiles;
    int repositories;

    GcReport report(long millis) {
      return new GcReport(uploads, links, blobs, bytes, strayFiles, repositories, millis);
    }
  }
}
