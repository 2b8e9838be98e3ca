package dev.ops.registry.http;

import dev.ops.registry.name.RepositoryName;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * One request to the /v2 API after routing: the repository it names (if any) and the last path
 * segment (a digest, tag or upload id).
 */
public record Exchange(RoutingContext context, RepositoryName name, String reference) {

  public HttpServerRequest request() {
    return context.request();
  }

  public HttpServerResponse response() {
    return context.response();
  }

  public boolean isHead() {
    return request().method().name().equals("HEAD");
  }

  public Optional<String> query(String key) {
    return Optional.ofNullable(request().getParam(key)).filter(v -> !v.isEmpty());
  }

  public Optional<String> header(String key) {
    return Optional.ofNullable(request().getHeader(key)).filter(v -> !v.isBlank());
  }

  /** The declared body length, if the client sent one. */
  public Optional<Long> contentLength() {
    return header("Content-Length").map(Long::parseLong);
  }

  /** True if the request carries a body (a positive length, or chunked transfer encoding). */
  public boolean hasBody() {
    return contentLength()
        .map(length -> length > 0)
        .orElse(header("Transfer-Encoding").isPresent());
  }
}
