package dev.ops.registry.auth;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Decides who may pull and push. Tokens come from configuration and are presented as {@code
 * Authorization: Bearer <token>}, or as the password of HTTP Basic credentials, which is what
 * docker, skopeo and oras send after they log in.
 */
@Startup
@ApplicationScoped
public class AccessPolicy {

  static final String SERVICE = "ops-registry";
  private static final Logger LOG = Logger.getLogger(AccessPolicy.class);

  @Inject RegistryConfig config;

  private List<byte[]> pushTokens = List.of();
  private Optional<byte[]> pullToken = Optional.empty();

  @PostConstruct
  void load() {
    pushTokens =
        config.pushTokens().orElse(Set.of()).stream()
            .filter(token -> !token.isBlank())
            .map(token -> token.getBytes(StandardCharsets.UTF_8))
            .toList();
    pullToken =
        config.pullToken().filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    if (pushTokens.isEmpty()) {
      LOG.warn("no ops.registry.push-tokens configured: the registry refuses every push");
    }
    LOG.infof("pulls are %s", pullToken.isPresent() ? "token-protected" : "open");
  }

  /**
   * Checks a request.
   *
   * @param scope the repository the request touches, for the challenge; may be null
   * @throws RegistryException UNAUTHORIZED without a valid token, DENIED with a pull-only one
   */
  public void check(HttpServerRequest request, Access access, String scope) {
    if (access == Access.LOGIN) {
      if (request.getHeader("Authorization") == null) {
        throw challenge(request, access, scope, false);
      }
      check(request, Access.PULL, scope);
      return;
    }
    if (access == Access.NONE || (access == Access.PULL && pullToken.isEmpty())) {
      return;
    }
    Optional<byte[]> presented = credential(request);
    boolean canPush = presented.map(token -> matches(token, pushTokens)).orElse(false);
    if (canPush) {
      return;
    }
    boolean canPull = presented.map(this::isPullToken).orElse(false);
    if (canPull && access == Access.PULL) {
      return;
    }
    if (canPull) {
      throw RegistryError.DENIED
          .because("the pull token cannot push or delete; use one of the push tokens")
          .withDetail("required", "push");
    }
    throw challenge(request, access, scope, presented.isPresent());
  }

  /** The token a client presented, if it is one we know. */
  public Optional<String> knownToken(HttpServerRequest request) {
    return credential(request)
        .filter(t -> matches(t, pushTokens) || isPullToken(t))
        .map(t -> new String(t, StandardCharsets.UTF_8));
  }

  public boolean pullsAreOpen() {
    return pullToken.isEmpty();
  }

  private boolean isPullToken(byte[] presented) {
    return pullToken.map(token -> same(token, presented)).orElse(false);
  }

  private RegistryException challenge(
      HttpServerRequest request, Access access, String scope, boolean presented) {
    String actions = access == Access.PUSH ? "pull,push" : "pull";
    StringBuilder header =
        new StringBuilder("Bearer realm=\"")
            .append(realm(request))
            .append("\",service=\"")
            .append(SERVICE)
            .append('"');
    if (scope != null) {
      header.append(",scope=\"repository:").append(scope).append(':').append(actions).append('"');
    }
    String message =
        presented
            ? "the token is not valid for " + actions + "; check the registry token you use"
            : "a bearer token is required to " + actions + "; log in or pass the registry token";
    return RegistryError.UNAUTHORIZED
        .because(message)
        .withHeader("WWW-Authenticate", header.toString());
  }

  private String realm(HttpServerRequest request) {
    return config
        .tokenRealm()
        .orElseGet(() -> request.scheme() + "://" + request.authority() + "/v2/token");
  }

  private static Optional<byte[]> credential(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basicPassword(header.substring(6).trim());
    }
    return Optional.empty();
  }

  private static Optional<byte[]> basicPassword(String encoded) {
    try {
      String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0
          ? Optional.empty()
          : Optional.of(decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean matches(byte[] presented, List<byte[]> tokens) {
    boolean found = false;
    for (byte[] token : tokens) {
      found |= same(token, presented);
    }
    return found;
  }

  private static boolean same(byte[] expected, byte[] presented) {
    return MessageDigest.isEqual(expected, presented);
  }
}
