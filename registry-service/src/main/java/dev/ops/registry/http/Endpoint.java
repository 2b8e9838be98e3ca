package dev.ops.registry.http;

import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path of the /v2 API and what each HTTP method does there. Paths name the repository in a group
 * called {@code name} and the final segment in a group called {@code ref}.
 */
public record Endpoint(Pattern path, Map<String, Function<Exchange, Uni<Void>>> methods) {

  public static Endpoint of(String regex, Map<String, Function<Exchange, Uni<Void>>> methods) {
    return new Endpoint(Pattern.compile(regex), methods);
  }

  public Matcher match(String requestPath) {
    return path.matcher(requestPath);
  }

  public boolean namesRepository() {
    return path.pattern().contains("(?<name>");
  }

  public boolean hasReference() {
    return path.pattern().contains("(?<ref>");
  }
}
