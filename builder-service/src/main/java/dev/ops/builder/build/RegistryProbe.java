package dev.ops.builder.build;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether the registry answers its API's base endpoint. A 401 counts as an answer: the registry is
 * up and wants a token, which builds present and a probe need not.
 */
final class RegistryProbe {

  private static final int UNAUTHORIZED = 401;

  private final URI base;
  private final HttpClient http;

  RegistryProbe(URI base, Duration timeout) {
    this.base = base.resolve("/v2/");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  boolean reachable(Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(base).timeout(timeout).GET().build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return (status >= 200 && status < 300) || status == UNAUTHORIZED;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
