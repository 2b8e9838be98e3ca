package dev.ops.registry.blob;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.http.Responses;
import dev.ops.registry.name.Digest;
import dev.ops.registry.storage.BlobStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code HEAD}, {@code GET} (with {@code Range}) and {@code DELETE} on /v2/<name>/blobs/<digest>.
 */
@ApplicationScoped
public class BlobEndpoints {

  private static final Logger LOG = Logger.getLogger(BlobEndpoints.class);

  @Inject BlobIndex index;
  @Inject BlobStore store;
  @Inject RegistryConfig config;

  public Uni<Void> get(Exchange exchange) {
    Digest digest = Digest.parse(exchange.reference());
    return Panache.withSession(() -> index.linkedSize(exchange.name(), digest))
        .chain(size -> send(exchange, digest, size.orElseThrow(() -> unknown(exchange, digest))));
  }

  public Uni<Void> delete(Exchange exchange) {
    requireDeletes(config);
    Digest digest = Digest.parse(exchange.reference());
    return Panache.withTransaction(() -> index.unlink(exchange.name(), digest))
        .invoke(
            removed -> {
              if (!removed) {
                throw unknown(exchange, digest);
              }
              LOG.infof("unlinked blob %s from %s", digest, exchange.name());
              Responses.empty(exchange.response(), 202);
            })
        .replaceWithVoid();
  }

  public static void requireDeletes(RegistryConfig config) {
    if (!config.deleteEnabled()) {
      throw RegistryError.UNSUPPORTED.because(
          "deletes are disabled on this registry (ops.registry.delete-enabled=false)");
    }
  }

  private Uni<Void> send(Exchange exchange, Digest digest, long size) {
    HttpServerResponse response = exchange.response();
    response
        .putHeader(Responses.DOCKER_CONTENT_DIGEST, digest.value())
        .putHeader("Content-Type", "application/octet-stream")
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("ETag", "\"" + digest.value() + "\"")
        .putHeader("Cache-Control", "max-age=31536000");
    if (exchange.isHead()) {
      response.putHeader("Content-Length", Long.toString(size)).end();
      return Uni.createFrom().voidItem();
    }
    Optional<ByteRange> range = ByteRange.parse(exchange.request().getHeader("Range"), size);
    String file = store.blobPath(digest).toString();
    if (range.isPresent()) {
      ByteRange r = range.get();
      response.setStatusCode(206).putHeader("Content-Range", r.contentRange(size));
      return sent(exchange, digest, response.sendFile(file, r.start(), r.length()));
    }
    return sent(exchange, digest, response.sendFile(file, 0, size));
  }

  private Uni<Void> sent(Exchange exchange, Digest digest, io.vertx.core.Future<Void> sending) {
    return Uni.createFrom()
        .completionStage(sending::toCompletionStage)
        .onFailure()
        .transform(
            failure -> {
              LOG.errorf("blob %s is recorded but its file could not be sent: %s", digest, failure);
              return unknown(exchange, digest);
            });
  }

  private static RegistryException unknown(Exchange exchange, Digest digest) {
    return RegistryError.BLOB_UNKNOWN
        .because("blob " + digest + " is not in repository '" + exchange.name() + "'")
        .withDetail("digest", digest.value());
  }
}
