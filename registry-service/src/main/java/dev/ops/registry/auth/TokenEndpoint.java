package dev.ops.registry.auth;

import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.Responses;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;

/**
 * The token endpoint named in our WWW-Authenticate challenges. Standard clients log in with HTTP
 * Basic credentials whose password is a registry token and get that token back as a bearer token,
 * so they work with the static tokens this registry is configured with.
 */
@ApplicationScoped
public class TokenEndpoint {

  private static final int LIFETIME_SECONDS = 3600;
  private static final String ANONYMOUS = "anonymous";

  @Inject AccessPolicy policy;

  public Uni<Void> issue(Exchange exchange) {
    String token = policy.knownToken(exchange.request()).orElseGet(() -> anonymous(exchange));
    Responses.json(
        exchange.response(),
        200,
        Map.of(
            "token", token,
            "access_token", token,
            "expires_in", LIFETIME_SECONDS,
            "issued_at", Instant.now().toString()));
    return Uni.createFrom().voidItem();
  }

  private String anonymous(Exchange exchange) {
    boolean wantsPush = exchange.query("scope").map(s -> s.contains("push")).orElse(false);
    if (policy.pullsAreOpen() && !wantsPush) {
      return ANONYMOUS;
    }
    throw RegistryError.UNAUTHORIZED
        .because("log in with a registry token as the password to get a bearer token")
        .withHeader("WWW-Authenticate", "Basic realm=\"" + AccessPolicy.SERVICE + "\"");
  }
}
