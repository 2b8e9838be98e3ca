package dev.ops.builder.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A registry that is slow to hand out blobs: a proxy in front of a real one that holds every blob
 * download for a while, so a test can catch a builder in the middle of a build.
 */
public final class SlowProxy implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("host", "content-length", "connection", "transfer-encoding", "upgrade", "expect");

  private final URI upstream;
  private final Duration blobDelay;
  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  public SlowProxy(URI upstream, Duration blobDelay) throws IOException {
    this.upstream = upstream;
    this.blobDelay = blobDelay;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::forward);
    server.start();
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("GET")
          && exchange.getRequestURI().getPath().contains("/blobs/sha256:")) {
        Thread.sleep(blobDelay.toMillis());
      }
      HttpResponse<byte[]> answer =
          client.send(upstreamRequest(exchange), HttpResponse.BodyHandlers.ofByteArray());
      answer.headers().map().forEach((name, values) -> copyHeader(exchange, name, values));
      byte[] body = answer.body();
      boolean empty = body.length == 0 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(answer.statusCode(), empty ? -1 : body.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpRequest upstreamRequest(HttpExchange exchange) throws IOException {
    URI target = upstream.resolve(exchange.getRequestURI().toString());
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
        header.getValue().forEach(value -> request.header(header.getKey(), value));
      }
    }
    return request.build();
  }

  private static void copyHeader(HttpExchange exchange, String name, List<String> values) {
    if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
      exchange.getResponseHeaders().put(name, values);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
