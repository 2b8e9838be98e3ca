package dev.ops.registry.http;

import dev.ops.registry.auth.Access;
import dev.ops.registry.auth.AccessPolicy;
import dev.ops.registry.auth.TokenEndpoint;
import dev.ops.registry.blob.BlobEndpoints;
import dev.ops.registry.catalog.CatalogEndpoint;
import dev.ops.registry.manifest.ManifestEndpoints;
import dev.ops.registry.name.RepositoryName;
import dev.ops.registry.tag.TagEndpoints;
import dev.ops.registry.upload.UploadEndpoints;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Routes the OCI Distribution API. It sits directly on the Vert.x router rather than on JAX-RS
 * because blob bodies are streamed with back-pressure, repository names contain slashes, and every
 * error must be the specification's JSON. The JSON APIs under /api and /admin are plain REST
 * resources; this class only guards them with the same tokens.
 */
@ApplicationScoped
public class RegistryRoutes {

  private static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";
  private static final String NAME = "(?<name>.+)";
  private static final String REF = "(?<ref>[^/]+)";

  @Inject AccessPolicy access;
  @Inject TokenEndpoint token;
  @Inject BlobEndpoints blobs;
  @Inject UploadEndpoints uploads;
  @Inject ManifestEndpoints manifests;
  @Inject TagEndpoints tags;
  @Inject CatalogEndpoint catalog;

  private List<Endpoint> endpoints;

  void register(@Observes Router router) {
    endpoints = endpoints();
    router.route("/v2").handler(this::dispatch);
    router.route("/v2/*").handler(this::dispatch);
    router
        .route("/api/*")
        .order(-100)
        .handler(context -> guard(context, Access.forMethod(context.request().method().name())));
    router.route("/admin/*").order(-100).handler(context -> guard(context, Access.PUSH));
  }

  private List<Endpoint> endpoints() {
    return List.of(
        Endpoint.of("/v2/?", Map.of("GET", this::versionCheck, "HEAD", this::versionCheck)),
        Endpoint.of("/v2/_catalog", Map.of("GET", catalog::list)),
        Endpoint.of("/v2/token", Map.of("GET", token::issue)),
        Endpoint.of("/v2/" + NAME + "/blobs/uploads/?", Map.of("POST", uploads::start)),
        Endpoint.of(
            "/v2/" + NAME + "/blobs/uploads/" + REF,
            Map.of(
                "GET", uploads::status,
                "PATCH", uploads::chunk,
                "PUT", uploads::complete,
                "DELETE", uploads::cancel)),
        Endpoint.of(
            "/v2/" + NAME + "/blobs/" + REF,
            Map.of("GET", blobs::get, "HEAD", blobs::get, "DELETE", blobs::delete)),
        Endpoint.of(
            "/v2/" + NAME + "/manifests/" + REF,
            Map.of(
                "GET", manifests::get,
                "HEAD", manifests::get,
                "PUT", manifests::put,
                "DELETE", manifests::delete)),
        Endpoint.of("/v2/" + NAME + "/tags/list", Map.of("GET", tags::list)));
  }

  private void dispatch(RoutingContext context) {
    context.response().putHeader(API_VERSION_HEADER, "registry/2.0");
    try {
      handle(context).subscribe().with(ignored -> {}, failure -> fail(context, failure));
    } catch (RuntimeException e) {
      fail(context, e);
    }
  }

  private Uni<Void> handle(RoutingContext context) {
    String path = QueryStringDecoder.decodeComponent(context.request().path());
    String method = context.request().method().name();
    for (Endpoint endpoint : endpoints) {
      Matcher matcher = endpoint.match(path);
      if (matcher.matches()) {
        return invoke(context, endpoint, matcher, method);
      }
    }
    throw RegistryError.UNSUPPORTED
        .because("no such endpoint: " + method + " " + path)
        .withStatus(404);
  }

  private Uni<Void> invoke(
      RoutingContext context, Endpoint endpoint, Matcher matcher, String method) {
    Function<Exchange, Uni<Void>> handler = endpoint.methods().get(method);
    if (handler == null) {
      throw RegistryError.UNSUPPORTED
          .because(method + " is not supported here")
          .withHeader("Allow", String.join(", ", endpoint.methods().keySet()));
    }
    Optional<String> rawName =
        endpoint.namesRepository() ? Optional.of(matcher.group("name")) : Optional.empty();
    Access needed = access(endpoint, method);
    access.check(context.request(), needed, rawName.orElse(null));
    RepositoryName name = rawName.map(RepositoryName::parse).orElse(null);
    String reference = endpoint.hasReference() ? matcher.group("ref") : null;
    return handler.apply(new Exchange(context, name, reference));
  }

  private static Access access(Endpoint endpoint, String method) {
    return switch (endpoint.path().pattern()) {
      case "/v2/token" -> Access.NONE;
      case "/v2/?" -> Access.LOGIN;
      default -> Access.forMethod(method);
    };
  }

  private Uni<Void> versionCheck(Exchange exchange) {
    Responses.json(exchange.response(), 200, Map.of());
    return Uni.createFrom().voidItem();
  }

  private void guard(RoutingContext context, Access needed) {
    try {
      access.check(context.request(), needed, null);
      context.next();
    } catch (RuntimeException e) {
      fail(context, e);
    }
  }

  private static void fail(RoutingContext context, Throwable failure) {
    Responses.error(context, failure);
  }
}
