package dev.ops.registry.manifest;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.blob.BlobEndpoints;
import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.http.Responses;
import dev.ops.registry.http.SmallBody;
import dev.ops.registry.name.Digest;
import dev.ops.registry.name.Reference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** {@code HEAD}, {@code GET}, {@code PUT} and {@code DELETE} on /v2/<name>/manifests/<ref>. */
@ApplicationScoped
public class ManifestEndpoints {

  private static final Logger LOG = Logger.getLogger(ManifestEndpoints.class);

  @Inject ManifestStore manifests;
  @Inject RegistryConfig config;

  public Uni<Void> get(Exchange exchange) {
    Reference reference = Reference.parse(exchange.reference());
    return Panache.withSession(() -> manifests.content(exchange.name(), reference))
        .invoke(found -> send(exchange, found.orElseThrow(() -> unknown(exchange, reference))))
        .replaceWithVoid();
  }

  public Uni<Void> put(Exchange exchange) {
    Reference reference = Reference.parse(exchange.reference());
    long limit = config.limits().maxManifestSize().asLongValue();
    return SmallBody.read(exchange.request(), limit, () -> tooLarge(limit))
        .chain(content -> store(exchange, reference, content));
  }

  public Uni<Void> delete(Exchange exchange) {
    BlobEndpoints.requireDeletes(config);
    Reference reference = Reference.parse(exchange.reference());
    return Panache.withTransaction(() -> manifests.delete(exchange.name(), reference))
        .invoke(
            deleted -> {
              if (!deleted) {
                throw unknown(exchange, reference);
              }
              LOG.infof("deleted manifest %s:%s", exchange.name(), reference);
              Responses.empty(exchange.response(), 202);
            })
        .replaceWithVoid();
  }

  private Uni<Void> store(Exchange exchange, Reference reference, byte[] content) {
    Digest digest = Digest.of(content);
    reference
        .digest()
        .filter(declared -> !declared.equals(digest))
        .ifPresent(
            declared -> {
              throw RegistryError.DIGEST_INVALID
                  .because("the manifest's digest is " + digest + ", not " + declared)
                  .withDetail("expected", declared.value())
                  .withDetail("actual", digest.value());
            });
    ManifestDocument document = ManifestParser.parse(content, exchange.header("Content-Type"));
    return Panache.withTransaction(
            () -> manifests.put(exchange.name(), reference.tag(), digest, content, document))
        .invoke(
            manifest -> {
              LOG.infof("pushed manifest %s:%s as %s", exchange.name(), reference, digest);
              document
                  .subject()
                  .ifPresent(s -> exchange.response().putHeader("OCI-Subject", s.digest().value()));
              exchange
                  .response()
                  .putHeader("Location", "/v2/" + exchange.name() + "/manifests/" + digest)
                  .putHeader(Responses.DOCKER_CONTENT_DIGEST, digest.value());
              Responses.empty(exchange.response(), 201);
            })
        .replaceWithVoid();
  }

  private static void send(Exchange exchange, ManifestContent manifest) {
    exchange
        .response()
        .setStatusCode(200)
        .putHeader("Content-Type", manifest.mediaType())
        .putHeader(Responses.DOCKER_CONTENT_DIGEST, manifest.digest())
        .putHeader("ETag", "\"" + manifest.digest() + "\"")
        .putHeader("Content-Length", Integer.toString(manifest.content().length));
    if (exchange.isHead()) {
      exchange.response().end();
    } else {
      exchange.response().end(Buffer.buffer(manifest.content()));
    }
  }

  private static RegistryException tooLarge(long limit) {
    return RegistryError.MANIFEST_INVALID
        .because("the manifest is larger than this registry's limit of " + limit + " bytes")
        .withDetail("limit", limit)
        .withStatus(413);
  }

  private static RegistryException unknown(Exchange exchange, Reference reference) {
    return RegistryError.MANIFEST_UNKNOWN
        .because("manifest " + exchange.name() + ":" + reference + " does not exist")
        .withDetail("reference", reference.toString());
  }
}
