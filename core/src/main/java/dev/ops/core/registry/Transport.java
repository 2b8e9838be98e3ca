package dev.ops.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sends calls to one registry: presents the bearer token, does the token dance once when the
 * registry challenges, follows redirects of downloads (without the token when they lead to another
 * host, as blob stores behind registries expect), and retries transient faults a bounded number of
 * times with growing pauses.
 */
final class Transport {

  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
  private static final String TOKEN_HINT =
      "set "
          + RegistrySettings.TOKEN_VARIABLE
          + " or registry.token in $OPS_HOME/config.json to a token of this registry";

  private final HttpClient http;
  private final URI base;
  private final Optional<String> configuredToken;
  private final RegistryClient.Tuning tuning;
  private final Progress progress;
  private volatile Optional<String> bearer;

  Transport(URI base, Optional<String> token, RegistryClient.Tuning tuning, Progress progress) {
    this.base = base;
    this.configuredToken = token;
    this.bearer = token;
    this.tuning = tuning;
    this.progress = progress;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(tuning.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI base() {
    return base;
  }

  Reply<Void> send(Call call) {
    return send(call, HttpResponse.BodyHandlers.discarding());
  }

  /**
   * Sends until an answer that is not a transient fault, or attempts run out. A 2xx answer's body
   * is the handler's; any other answer's body is kept raw for {@link #failure}.
   */
  <T> Reply<T> send(Call call, HttpResponse.BodyHandler<T> handler) {
    boolean challenged = false;
    int attempt = 1;
    while (true) {
      Reply<T> reply;
      try {
        reply = exchange(call, handler);
      } catch (IOException e) {
        if (!call.retryable() || attempt >= tuning.attempts()) {
          throw unreachable(call, e);
        }
        pause(attempt++, Optional.empty(), "could not " + call.action() + ": " + describe(e));
        continue;
      }
      if (reply.status() == 401 && !challenged) {
        challenged = true;
        if (authenticate(reply)) {
          continue;
        }
      }
      if (!isTransient(reply.status()) || !call.retryable() || attempt >= tuning.attempts()) {
        return reply;
      }
      String why = "could not " + call.action() + ": the registry answered " + reply.status();
      pause(attempt++, retryAfter(reply), why);
    }
  }

  static boolean isTransient(int status) {
    return status == 429 || status >= 500;
  }

  /** Sleeps before another attempt, longer each time, or as long as the registry asked. */
  void pause(int attempt, Optional<Duration> asked, String why) {
    Duration backoff = tuning.firstBackoff().multipliedBy(1L << Math.min(attempt - 1, 10));
    Duration wait = asked.orElse(backoff);
    if (wait.compareTo(MAX_PAUSE) > 0) {
      wait = MAX_PAUSE;
    }
    progress.detail(
        String.format(
            "%s; trying again in %.1f s (attempt %d of %d)",
            why, wait.toMillis() / 1000.0, attempt + 1, tuning.attempts()));
    sleep(wait);
  }

  /** A failure answer turned into what failed, what the registry said, and what to do. */
  RegistryException failure(Call call, Reply<?> reply) {
    List<RegistryError> errors = RegistryError.parse(reply.errorBody());
    String said = errors.isEmpty() ? snippet(reply.errorBody()) : joined(errors);
    String message =
        "could not "
            + call.action()
            + ": "
            + registryName()
            + " answered "
            + reply.status()
            + (said.isEmpty() ? "" : " " + said);
    return new RegistryException(
        message,
        hint(reply.status(), errors),
        reply.status(),
        errors,
        isTransient(reply.status()),
        null);
  }

  /** No answer at all: the registry is down, unreachable, or the connection broke. */
  RegistryException unreachable(Call call, IOException e) {
    return new RegistryException(
        "could not " + call.action() + ": no answer from " + base + " (" + describe(e) + ")",
        "check that the registry runs there and that "
            + RegistrySettings.REGISTRY_VARIABLE
            + " or registry.url in $OPS_HOME/config.json points at it",
        0,
        List.of(),
        true,
        e);
  }

  String registryName() {
    return "registry " + base.getRawAuthority();
  }

  private <T> Reply<T> exchange(Call call, HttpResponse.BodyHandler<T> handler) throws IOException {
    URI uri = call.uri();
    for (int hop = 0; ; hop++) {
      HttpResponse<Body<T>> response = sendOnce(request(call, uri), splitting(handler));
      Optional<String> location = response.headers().firstValue("Location");
      boolean redirect = REDIRECTS.contains(response.statusCode()) && location.isPresent();
      if (redirect && call.followsRedirects() && hop < MAX_REDIRECTS) {
        uri = uri.resolve(location.get());
        continue;
      }
      Body<T> body = response.body();
      return new Reply<>(response.statusCode(), response.headers(), body.value, body.error, uri);
    }
  }

  private HttpRequest request(Call call, URI uri) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri).method(call.method(), call.body().get());
    if (call.timeout() != null) {
      builder.timeout(call.timeout());
    }
    call.headers().forEach(builder::header);
    Optional<String> token = bearer;
    if (token.isPresent() && sameHost(uri)) {
      builder.header("Authorization", "Bearer " + token.get());
    }
    return builder.build();
  }

  private <T> HttpResponse<T> sendOnce(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while talking to " + registryName());
    }
  }

  private boolean sameHost(URI uri) {
    return base.getRawAuthority().equalsIgnoreCase(uri.getRawAuthority())
        && base.getScheme().equalsIgnoreCase(uri.getScheme());
  }

  /**
   * The token dance of the distribution spec: ask the realm the challenge names for a token for the
   * scope. The configured token goes along as Basic credentials only when the realm is this
   * registry's own host, so it never leaks to a third party.
   */
  private boolean authenticate(Reply<?> reply) {
    Optional<Challenge> challenge =
        reply.header("WWW-Authenticate").flatMap(Challenge::parse).filter(Challenge::isBearer);
    Optional<URI> realm = challenge.flatMap(c -> c.parameter("realm")).flatMap(Transport::httpUri);
    if (realm.isEmpty()) {
      return false;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(tokenUri(realm.get(), challenge.get()))
            .timeout(tuning.requestTimeout())
            .header("Accept", "application/json");
    if (configuredToken.isPresent() && sameHost(realm.get())) {
      String credentials = "ops:" + configuredToken.get();
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    Optional<String> token = fetchToken(request.build());
    token.ifPresent(t -> bearer = Optional.of(t));
    return token.isPresent();
  }

  private Optional<String> fetchToken(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = sendOnce(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        progress.detail(
            "the token service at " + request.uri() + " answered " + response.statusCode());
        return Optional.empty();
      }
      JsonNode body = Json.MAPPER.readTree(response.body());
      String token = body.path("token").asText(body.path("access_token").asText(""));
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      progress.detail("no token from " + request.uri() + ": " + describe(e));
      return Optional.empty();
    }
  }

  private static URI tokenUri(URI realm, Challenge challenge) {
    List<String> query = new ArrayList<>();
    challenge.parameter("service").ifPresent(s -> query.add("service=" + encode(s)));
    challenge.parameter("scope").ifPresent(s -> query.add("scope=" + encode(s)));
    if (query.isEmpty()) {
      return realm;
    }
    String separator = realm.getRawQuery() == null ? "?" : "&";
    return URI.create(realm + separator + String.join("&", query));
  }

  private static Optional<URI> httpUri(String text) {
    try {
      URI uri = URI.create(text);
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private String hint(int status, List<RegistryError> errors) {
    if (status == 401) {
      return configuredToken.isPresent()
          ? "the registry refused the configured token; check it, or " + TOKEN_HINT
          : "this registry needs a token: " + TOKEN_HINT;
    }
    if (status == 403) {
      return "the token does not allow this (pushing and deleting need a push token); "
          + TOKEN_HINT;
    }
    return RegistryHints.forErrors(status, errors);
  }

  private static Optional<Duration> retryAfter(Reply<?> reply) {
    return reply
        .header("Retry-After")
        .filter(value -> value.matches("[0-9]{1,6}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)));
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while waiting to try again");
    }
  }

  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? kind : kind + ": " + message;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String joined(List<RegistryError> errors) {
    return String.join("; ", errors.stream().map(RegistryError::toString).toList());
  }

  /** The start of a body that is not the spec's JSON, printable characters only. */
  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    return text.replaceAll("[^\\x20-\\x7e]+", " ").strip();
  }

  /** Success bodies go to the caller's handler; others are read whole for the error report. */
  private static <T> HttpResponse.BodyHandler<Body<T>> splitting(
      HttpResponse.BodyHandler<T> handler) {
    return info ->
        info.statusCode() >= 200 && info.statusCode() < 300
            ? HttpResponse.BodySubscribers.mapping(
                handler.apply(info), value -> new Body<>(value, null))
            : HttpResponse.BodySubscribers.mapping(
                HttpResponse.BodySubscribers.ofByteArray(), error -> new Body<T>(null, error));
  }

  private record Body<T>(T value, byte[] error) {}
}
