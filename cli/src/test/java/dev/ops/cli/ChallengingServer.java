package dev.ops.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A registry that wants a token for everything, as our registry service does for pushes: every
 * request gets the spec's 401 with a bearer challenge, and its token endpoint gives no token to
 * anonymous callers.
 */
final class ChallengingServer implements AutoCloseable {

  private static final byte[] UNAUTHORIZED =
      "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}"
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;

  private ChallengingServer(HttpServer server) {
    this.server = server;
  }

  static ChallengingServer start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ChallengingServer challenging = new ChallengingServer(server);
    server.createContext("/", challenging::refuse);
    server.start();
    return challenging;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void refuse(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange
          .getResponseHeaders()
          .add(
              "WWW-Authenticate",
              "Bearer realm=\"" + url() + "/v2/token\",service=\"ops-registry\"");
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(401, UNAUTHORIZED.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(UNAUTHORIZED);
      }
    }
  }
}
