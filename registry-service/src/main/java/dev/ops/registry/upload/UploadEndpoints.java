package dev.ops.registry.upload;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.blob.BlobIndex;
import dev.ops.registry.blob.BlobLocks;
import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.http.Responses;
import dev.ops.registry.name.Digest;
import dev.ops.registry.name.RepositoryName;
import dev.ops.registry.repository.Repositories;
import dev.ops.registry.storage.BlobStore;
import dev.ops.registry.storage.Blocking;
import dev.ops.registry.storage.BodySink;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Blob uploads under /v2/<name>/blobs/uploads/: monolithic (POST then PUT, or one POST with {@code
 * ?digest=}), chunked (POST, PATCH..., PUT) with resumable status, cross-repository mount, and
 * cancel. Bytes land in the upload's file; the final step verifies the digest and the size, fsyncs,
 * and moves the file into the blob store.
 */
@ApplicationScoped
public class UploadEndpoints {

  private static final Logger LOG = Logger.getLogger(UploadEndpoints.class);

  @Inject UploadSessions sessions;
  @Inject HashStates hashes;
  @Inject UploadGate gate;
  @Inject BlobStore store;
  @Inject BlobIndex blobs;
  @Inject Repositories repositories;
  @Inject RegistryConfig config;

  /** POST: start an upload, upload a whole blob, or mount one from another repository. */
  public Uni<Void> start(Exchange exchange) {
    Optional<String> mount = exchange.query("mount");
    if (mount.isPresent()) {
      Digest digest = Digest.parse(mount.get());
      Optional<RepositoryName> from = exchange.query("from").map(RepositoryName::parse);
      return mount(exchange.name(), digest, from)
          .chain(
              mounted ->
                  mounted ? created(exchange, digest) : startSession(exchange, Optional.empty()));
    }
    Optional<Digest> digest = exchange.query("digest").map(Digest::parse);
    return startSession(exchange, digest);
  }

  /** GET: where an upload stands, so that a client can resume it. */
  public Uni<Void> status(Exchange exchange) {
    return sessions
        .open(exchange.name(), exchange.reference())
        .invoke(session -> accepted(exchange, session.id, session.received, 204))
        .replaceWithVoid();
  }

  /** PATCH: append a chunk. */
  public Uni<Void> chunk(Exchange exchange) {
    return sessions
        .open(exchange.name(), exchange.reference())
        .chain(session -> receive(exchange, session))
        .invoke(
            received -> accepted(exchange, UUID.fromString(exchange.reference()), received, 202))
        .replaceWithVoid();
  }

  /** PUT: append the last chunk, if any, and finish the upload as the given digest. */
  public Uni<Void> complete(Exchange exchange) {
    Digest expected = Digest.parse(exchange.query("digest").orElse(null));
    return sessions
        .open(exchange.name(), exchange.reference())
        .chain(session -> finishSession(exchange, session, expected));
  }

  /** DELETE: cancel an upload and drop its bytes. */
  public Uni<Void> cancel(Exchange exchange) {
    return sessions
        .open(exchange.name(), exchange.reference())
        .chain(session -> discard(session.id))
        .invoke(() -> Responses.empty(exchange.response(), 204));
  }

  public static String location(RepositoryName name, UUID upload) {
    return "/v2/" + name + "/blobs/uploads/" + upload;
  }

  /** The spec's inclusive Range of received bytes; like CNCF Distribution, "0-0" when none. */
  public static String range(long received) {
    return "0-" + Math.max(received - 1, 0);
  }

  private Uni<Void> startSession(Exchange exchange, Optional<Digest> digest) {
    return sessions
        .create(exchange.name())
        .chain(
            session ->
                digest.isPresent()
                    ? finishSession(exchange, session, digest.get())
                    : Uni.createFrom()
                        .voidItem()
                        .invoke(() -> accepted(exchange, session.id, 0, 202)));
  }

  private Uni<Void> finishSession(Exchange exchange, UploadSession session, Digest expected) {
    Uni<Long> received =
        exchange.hasBody() ? receive(exchange, session) : Uni.createFrom().item(session.received);
    return received
        .chain(size -> verify(session.id, expected, size))
        .chain(size -> commit(exchange.name(), session.id, expected, size))
        .chain(() -> created(exchange, expected));
  }

  /** Streams the request body into the upload; returns the upload's new length. */
  private Uni<Long> receive(Exchange exchange, UploadSession session) {
    UUID id = session.id;
    long start = session.received;
    ContentRange.check(exchange, location(exchange.name(), id), start);
    long room = config.limits().maxBlobSize().asLongValue() - start;
    if (exchange.contentLength().orElse(0L) > room) {
      return discard(id).chain(() -> Uni.createFrom().failure(tooLarge()));
    }
    gate.enter(id);
    Optional<MessageDigest> digest = hashes.take(id, start);
    Path file = store.uploadPath(id);
    return BodySink.append(exchange.request(), file, start, digest, room)
        .call(() -> store.fsync(file))
        .call(length -> sessions.advance(id, start, start + length))
        .map(length -> start + length)
        .invoke(total -> digest.ifPresent(d -> hashes.keep(id, d, total)))
        .onFailure()
        .call(failure -> afterFailedTransfer(id, failure))
        .eventually(() -> gate.leave(id));
  }

  private Uni<Void> afterFailedTransfer(UUID id, Throwable failure) {
    hashes.forget(id);
    if (failure instanceof RegistryException e && e.status() == 413) {
      return discard(id);
    }
    LOG.debugf("upload %s stopped: %s; the client can resume it", id, failure.toString());
    return Uni.createFrom().voidItem();
  }

  /** Checks the bytes on disk against the digest the client declared. */
  private Uni<Long> verify(UUID id, Digest expected, long size) {
    Path file = store.uploadPath(id);
    Optional<Digest> hashed = hashes.finish(id, size);
    Uni<Digest> actual =
        hashed.map(d -> Uni.createFrom().item(d)).orElseGet(() -> store.hash(file));
    return actual
        .chain(
            digest ->
                Blocking.call(() -> sizeOnDisk(file))
                    .map(onDisk -> check(expected, digest, size, onDisk)))
        .onFailure(RegistryException.class)
        .call(() -> discard(id));
  }

  /** The upload's size; an empty blob may never have had a file, so it gets one now. */
  private static long sizeOnDisk(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    return Files.size(file);
  }

  private static long check(Digest expected, Digest actual, long size, long onDisk) {
    if (onDisk != size) {
      throw RegistryError.SIZE_INVALID
          .because("the upload has " + onDisk + " bytes on disk but " + size + " were recorded")
          .withDetail("received", size);
    }
    if (!actual.equals(expected)) {
      throw RegistryError.DIGEST_INVALID
          .because(
              "the uploaded content has digest "
                  + actual
                  + ", not "
                  + expected
                  + "; the upload was discarded, push the blob again")
          .withDetail("expected", expected.value())
          .withDetail("actual", actual.value())
          .withDetail("size", size);
    }
    return size;
  }

  /** Moves the verified file into the store and records the blob, under the blob's lock. */
  private Uni<Void> commit(RepositoryName name, UUID id, Digest digest, long size) {
    long started = System.nanoTime();
    return Panache.withTransaction(
            () ->
                BlobLocks.shared(digest)
                    .chain(() -> sessions.take(id))
                    .chain(
                        repositoryId ->
                            store
                                .commit(store.uploadPath(id), digest)
                                .chain(() -> blobs.record(repositoryId, digest, size))))
        .invoke(
            () ->
                LOG.infof(
                    "stored blob %s (%d bytes) in %s in %d ms",
                    digest, size, name, (System.nanoTime() - started) / 1_000_000));
  }

  private Uni<Boolean> mount(RepositoryName name, Digest digest, Optional<RepositoryName> from) {
    return Panache.withTransaction(
            () ->
                BlobLocks.shared(digest)
                    .chain(() -> mountableSize(digest, from))
                    .chain(
                        size ->
                            size.isEmpty()
                                ? Uni.createFrom().item(false)
                                : repositories
                                    .idForPush(name)
                                    .chain(id -> blobs.link(id, digest))
                                    .replaceWith(true)))
        .invoke(
            mounted -> {
              if (mounted) {
                LOG.infof("mounted blob %s into %s", digest, name);
              }
            });
  }

  private Uni<Optional<Long>> mountableSize(Digest digest, Optional<RepositoryName> from) {
    Uni<Optional<Long>> size =
        from.isPresent()
            ? blobs.linkedSize(from.get(), digest)
            : blobs.find(digest).map(blob -> blob.map(b -> b.size));
    return size.chain(
        found ->
            found.isEmpty()
                ? Uni.createFrom().item(found)
                : store.exists(digest).map(onDisk -> onDisk ? found : Optional.<Long>empty()));
  }

  private Uni<Void> discard(UUID id) {
    hashes.forget(id);
    return sessions.delete(id).chain(() -> store.delete(store.uploadPath(id)));
  }

  private static void accepted(Exchange exchange, UUID id, long received, int status) {
    exchange
        .response()
        .putHeader("Location", location(exchange.name(), id))
        .putHeader("Range", range(received))
        .putHeader("Docker-Upload-UUID", id.toString());
    Responses.empty(exchange.response(), status);
  }

  private static Uni<Void> created(Exchange exchange, Digest digest) {
    exchange
        .response()
        .putHeader("Location", "/v2/" + exchange.name() + "/blobs/" + digest)
        .putHeader(Responses.DOCKER_CONTENT_DIGEST, digest.value());
    Responses.empty(exchange.response(), 201);
    return Uni.createFrom().voidItem();
  }

  private RegistryException tooLarge() {
    long limit = config.limits().maxBlobSize().asLongValue();
    return RegistryError.SIZE_INVALID
        .because("the blob is larger than this registry's limit of " + limit + " bytes")
        .withDetail("limit", limit)
        .withStatus(413);
  }
}
