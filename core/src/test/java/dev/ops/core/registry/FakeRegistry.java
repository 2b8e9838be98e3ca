package dev.ops.core.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ops.core.util.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small in-memory OCI registry on the JDK's HTTP server, with faults to order: failed chunks,
 * broken downloads, tampered blobs, transient errors, tokens. Enough of the spec for the client's
 * own tests; the real-registry tests run against CNCF Distribution.
 */
final class FakeRegistry implements AutoCloseable {

  private static final Pattern UPLOADS = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]*)");
  private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/(sha256:[0-9a-f]{64})");
  private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
  private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

  record Stored(byte[] bytes, String mediaType) {}

  /** A fault served instead of the normal answer to the next matching requests. */
  record Fault(String method, String pathPart, int status, int times, int storeBytesFirst) {}

  private final HttpServer server;
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> repositoryBlobs = new ConcurrentHashMap<>();
  private final Map<String, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Stored>> manifests = new ConcurrentHashMap<>();
  private final Map<String, byte[]> tampered = new ConcurrentHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> log = new ArrayList<>();
  private volatile String requiredToken;
  private volatile boolean realmGivesTokens;
  private volatile int breakDownloadAfter = -1;
  private volatile int stallDownloadAfter = -1;
  private final java.util.concurrent.CountDownLatch closing =
      new java.util.concurrent.CountDownLatch(1);
  private volatile int tagsPerPage = Integer.MAX_VALUE;

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    // A stalled answer must not hold up the next request.
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  String registry() {
    return base().getRawAuthority();
  }

  void requireToken(String token, boolean realmGivesTokens) {
    this.requiredToken = token;
    this.realmGivesTokens = realmGivesTokens;
  }

  synchronized void fail(String method, String pathPart, int status, int times) {
    faults.add(new Fault(method, pathPart, status, times, 0));
  }

  /** The next chunk stores its first bytes, then the connection answers 500. */
  synchronized void failNextChunkAfter(int bytes) {
    faults.add(new Fault("PATCH", "/uploads/", 500, 1, bytes));
  }

  void breakNextDownloadAfter(int bytes) {
    breakDownloadAfter = bytes;
  }

  /** The next download sends {@code bytes}, then nothing, keeping the connection open. */
  void stallNextDownloadAfter(int bytes) {
    stallDownloadAfter = bytes;
  }

  void tamper(String digest, byte[] content) {
    tampered.put(digest, content);
  }

  void pageTagsBy(int perPage) {
    tagsPerPage = perPage;
  }

  boolean hasBlob(String repository, String digest) {
    return repositoryBlobs.getOrDefault(repository, Set.of()).contains(digest);
  }

  byte[] blob(String digest) {
    return blobs.get(digest);
  }

  void putBlob(String repository, byte[] content) {
    String digest = Digests.of(content);
    blobs.put(digest, content);
    repositoryBlobs.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(digest);
  }

  void putManifest(String repository, String reference, byte[] bytes, String mediaType) {
    Stored stored = new Stored(bytes, mediaType);
    Map<String, Stored> references =
        manifests.computeIfAbsent(repository, r -> new ConcurrentHashMap<>());
    references.put(reference, stored);
    references.put(Digests.of(bytes), stored);
  }

  synchronized List<String> log() {
    return List.copyOf(log);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      record(method + " " + exchange.getRequestURI() + range(exchange));
      if (path.equals("/token")) {
        issueToken(exchange);
        return;
      }
      if (!authorised(exchange, path)) {
        return;
      }
      Optional<Fault> fault = takeFault(method, path);
      if (fault.isPresent()) {
        serveFault(exchange, fault.get(), path);
        return;
      }
      route(exchange, method, path);
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    Matcher m;
    if (path.equals("/v2/")) {
      send(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8), "application/json");
    } else if ((m = UPLOADS.matcher(path)).matches()) {
      upload(exchange, method, m.group(1), m.group(2));
    } else if ((m = BLOB.matcher(path)).matches()) {
      blob(exchange, method, m.group(1), m.group(2));
    } else if ((m = MANIFEST.matcher(path)).matches()) {
      manifest(exchange, method, m.group(1), m.group(2));
    } else if ((m = TAGS.matcher(path)).matches()) {
      tags(exchange, m.group(1));
    } else {
      error(exchange, 404, "NOT_FOUND", "no such endpoint");
    }
  }

  private void upload(HttpExchange exchange, String method, String repository, String id)
      throws IOException {
    Map<String, String> query = query(exchange);
    if (method.equals("POST") && query.containsKey("mount")) {
      String digest = query.get("mount");
      if (hasBlob(query.get("from"), digest)) {
        repositoryBlobs.computeIfAbsent(repository, r -> ConcurrentHashMap.newKeySet()).add(digest);
        exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + digest);
        send(exchange, 201, new byte[0], null);
        return;
      }
    }
    if (method.equals("POST")) {
      String created = UUID.randomUUID().toString();
      uploads.put(created, new ByteArrayOutputStream());
      sendUploadState(exchange, 202, repository, created);
      return;
    }
    ByteArrayOutputStream upload = uploads.get(id);
    if (upload == null) {
      error(exchange, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown");
      return;
    }
    switch (method) {
      case "PATCH" -> {
        upload.write(exchange.getRequestBody().readAllBytes());
        sendUploadState(exchange, 202, repository, id);
      }
      case "GET" -> sendUploadState(exchange, 204, repository, id);
      case "DELETE" -> {
        uploads.remove(id);
        send(exchange, 204, new byte[0], null);
      }
      case "PUT" -> finishUpload(exchange, repository, id, upload, query.get("digest"));
      default -> error(exchange, 405, "UNSUPPORTED", "method not allowed");
    }
  }

  private void finishUpload(
      HttpExchange exchange,
      String repository,
      String id,
      ByteArrayOutputStream upload,
      String digest)
      throws IOException {
    upload.write(exchange.getRequestBody().readAllBytes());
    byte[] content = upload.toByteArray();
    if (!Digests.of(content).equals(digest)) {
      error(exchange, 400, "DIGEST_INVALID", "provided digest did not match uploaded content");
      return;
    }
    uploads.remove(id);
    putBlob(repository, content);
    exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
    exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/" + digest);
    send(exchange, 201, new byte[0], null);
  }

  private void blob(HttpExchange exchange, String method, String repository, String digest)
      throws IOException {
    if (!hasBlob(repository, digest)) {
      error(exchange, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      return;
    }
    byte[] content = tampered.getOrDefault(digest, blobs.get(digest));
    if (method.equals("HEAD")) {
      exchange.getResponseHeaders().add("Docker-Content-Digest", digest);
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    int from = rangeStart(exchange);
    byte[] body = Arrays.copyOfRange(content, from, content.length);
    if (from > 0) {
      exchange
          .getResponseHeaders()
          .add(
              "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
    }
    int status = from > 0 ? 206 : 200;
    int stallAfter = stallDownloadAfter;
    if (stallAfter >= 0) {
      stallDownloadAfter = -1;
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body, 0, Math.min(stallAfter, body.length));
      exchange.getResponseBody().flush();
      awaitClosing();
      return;
    }
    int breakAfter = breakDownloadAfter;
    if (breakAfter >= 0) {
      breakDownloadAfter = -1;
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body, 0, Math.min(breakAfter, body.length));
      exchange.getResponseBody().flush();
      // Closing the exchange short of the announced length drops the connection.
      return;
    }
    send(exchange, status, body, "application/octet-stream");
  }

  /** Holds a stalled answer until the registry closes, or a minute at most. */
  private void awaitClosing() {
    try {
      closing.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void manifest(HttpExchange exchange, String method, String repository, String reference)
      throws IOException {
    Map<String, Stored> references = manifests.getOrDefault(repository, Map.of());
    switch (method) {
      case "PUT" -> {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        putManifest(
            repository, reference, bytes, exchange.getRequestHeaders().getFirst("Content-Type"));
        exchange.getResponseHeaders().add("Docker-Content-Digest", Digests.of(bytes));
        send(exchange, 201, new byte[0], null);
      }
      case "GET", "HEAD" -> {
        Stored stored = references.get(reference);
        if (stored == null) {
          error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
          return;
        }
        exchange.getResponseHeaders().add("Docker-Content-Digest", Digests.of(stored.bytes()));
        exchange.getResponseHeaders().add("Content-Type", stored.mediaType());
        if (method.equals("HEAD")) {
          exchange.sendResponseHeaders(200, -1);
        } else {
          send(exchange, 200, stored.bytes(), stored.mediaType());
        }
      }
      case "DELETE" -> {
        Stored removed = references.remove(reference);
        if (removed == null) {
          error(exchange, 404, "MANIFEST_UNKNOWN", "manifest unknown");
          return;
        }
        references.values().removeIf(s -> s == removed);
        send(exchange, 202, new byte[0], null);
      }
      default -> error(exchange, 405, "UNSUPPORTED", "method not allowed");
    }
  }

  private void tags(HttpExchange exchange, String repository) throws IOException {
    Map<String, Stored> references = manifests.get(repository);
    if (references == null) {
      error(exchange, 404, "NAME_UNKNOWN", "repository name not known to registry");
      return;
    }
    List<String> all =
        new TreeMap<>(references).keySet().stream().filter(r -> !r.startsWith("sha256:")).toList();
    String last = query(exchange).get("last");
    List<String> after = all.stream().filter(t -> last == null || t.compareTo(last) > 0).toList();
    List<String> page = after.subList(0, Math.min(tagsPerPage, after.size()));
    if (page.size() < after.size()) {
      exchange
          .getResponseHeaders()
          .add(
              "Link",
              "</v2/"
                  + repository
                  + "/tags/list?n="
                  + tagsPerPage
                  + "&last="
                  + page.get(page.size() - 1)
                  + ">; rel=\"next\"");
    }
    String json =
        "{\"name\":\""
            + repository
            + "\",\"tags\":["
            + String.join(",", page.stream().map(t -> "\"" + t + "\"").toList())
            + "]}";
    send(exchange, 200, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private boolean authorised(HttpExchange exchange, String path) throws IOException {
    String token = requiredToken;
    String presented = exchange.getRequestHeaders().getFirst("Authorization");
    if (token == null || ("Bearer " + token).equals(presented)) {
      return true;
    }
    exchange
        .getResponseHeaders()
        .add(
            "WWW-Authenticate",
            "Bearer realm=\"" + base() + "/token\",service=\"fake\",scope=\"repository:x:pull\"");
    error(exchange, 401, "UNAUTHORIZED", "authentication required");
    return false;
  }

  private void issueToken(HttpExchange exchange) throws IOException {
    String presented = exchange.getRequestHeaders().getFirst("Authorization");
    boolean knowsToken =
        presented != null
            && presented.startsWith("Basic ")
            && new String(
                    Base64.getDecoder().decode(presented.substring(6)), StandardCharsets.UTF_8)
                .endsWith(":" + requiredToken);
    if (!realmGivesTokens && !knowsToken) {
      error(exchange, 401, "UNAUTHORIZED", "no token for you");
      return;
    }
    byte[] json = ("{\"token\":\"" + requiredToken + "\"}").getBytes(StandardCharsets.UTF_8);
    send(exchange, 200, json, "application/json");
  }

  private void serveFault(HttpExchange exchange, Fault fault, String path) throws IOException {
    if (fault.storeBytesFirst() > 0) {
      Matcher m = UPLOADS.matcher(path);
      if (m.matches() && uploads.containsKey(m.group(2))) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        uploads.get(m.group(2)).write(body, 0, Math.min(fault.storeBytesFirst(), body.length));
      }
    }
    exchange.getRequestBody().readAllBytes();
    Matcher upload = UPLOADS.matcher(path);
    if (fault.status() == 404 && upload.matches()) {
      // A registry that lost the session (expired, restarted without its state).
      uploads.remove(upload.group(2));
      error(exchange, 404, "BLOB_UPLOAD_UNKNOWN", "blob upload unknown");
      return;
    }
    error(exchange, fault.status(), "UNAVAILABLE", "injected fault");
  }

  private synchronized Optional<Fault> takeFault(String method, String path) {
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      if (fault.method().equals(method) && path.contains(fault.pathPart())) {
        faults.remove(i);
        if (fault.times() > 1) {
          faults.add(
              i,
              new Fault(
                  fault.method(),
                  fault.pathPart(),
                  fault.status(),
                  fault.times() - 1,
                  fault.storeBytesFirst()));
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  private void sendUploadState(HttpExchange exchange, int status, String repository, String id)
      throws IOException {
    int size = uploads.get(id).size();
    exchange.getResponseHeaders().add("Location", "/v2/" + repository + "/blobs/uploads/" + id);
    exchange.getResponseHeaders().add("Range", "0-" + Math.max(size - 1, 0));
    exchange.getResponseHeaders().add("Docker-Upload-UUID", id);
    if (status == 204) {
      exchange.sendResponseHeaders(204, -1);
    } else {
      send(exchange, status, new byte[0], null);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    String json =
        "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":{}}]}";
    send(exchange, status, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String type)
      throws IOException {
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static int rangeStart(HttpExchange exchange) {
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range == null || !range.matches("bytes=[0-9]+-")) {
      return 0;
    }
    return Integer.parseInt(range.substring(6, range.length() - 1));
  }

  private static String range(HttpExchange exchange) {
    String range = exchange.getRequestHeaders().getFirst("Range");
    return range == null ? "" : " Range:" + range;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new TreeMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        query.put(
            pair.substring(0, equals),
            java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private synchronized void record(String line) {
    log.add(line);
  }
}
