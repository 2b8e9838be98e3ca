package dev.ops.registry.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** Writes bodies and the specification's error documents. */
public final class Responses {

  public static final String DOCKER_CONTENT_DIGEST = "Docker-Content-Digest";
  public static final String JSON = "application/json";

  private static final Logger LOG = Logger.getLogger(Responses.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Responses() {}

  public static Future<Void> json(HttpServerResponse response, int status, Object body) {
    Buffer bytes = Buffer.buffer(encode(body));
    return response
        .setStatusCode(status)
        .putHeader("Content-Type", JSON)
        .putHeader("Content-Length", Integer.toString(bytes.length()))
        .end(bytes);
  }

  public static void empty(HttpServerResponse response, int status) {
    response.setStatusCode(status).putHeader("Content-Length", "0").end();
  }

  /** Sends the error unless the response is already under way, then only drops the connection. */
  public static void error(RoutingContext context, Throwable failure) {
    HttpServerResponse response = context.response();
    if (response.closed()) {
      LOG.debugf("the client went away: %s", failure.toString());
      return;
    }
    RegistryException error = asRegistryException(failure);
    if (response.headWritten() || response.ended() || response.closed()) {
      LOG.debugf("could not report %s: the response had started", error.error());
      response.reset();
      return;
    }
    error.headers().forEach(response::putHeader);
    Future<Void> sent = json(response, error.status(), ErrorBody.of(error));
    if (error.status() == 413) {
      // The client may still be sending a body we will not read: stop it.
      sent.onComplete(ignored -> context.request().connection().close());
    }
  }

  public static RegistryException asRegistryException(Throwable failure) {
    if (failure instanceof RegistryException known) {
      return known;
    }
    LOG.error("request failed unexpectedly", failure);
    return RegistryError.UNKNOWN.because(
        "the registry failed to handle the request (" + failure + "); see the registry's log");
  }

  private static byte[] encode(Object body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not encode a response body", e);
    }
  }
}
