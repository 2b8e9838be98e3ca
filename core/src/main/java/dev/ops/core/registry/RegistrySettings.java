package dev.ops.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which registry a reference without a host goes to, and the token to present to it. Read from the
 * environment ({@value #REGISTRY_VARIABLE}, {@value #TOKEN_VARIABLE}) and from the ops
 * configuration file {@code $OPS_HOME/config.json}, the environment winning field by field:
 *
 * <pre>{"registry": {"url": "http://localhost:5050", "token": "..."}}</pre>
 *
 * <p>The token is only ever sent to the configured registry (or, when no registry is configured, to
 * the one a reference names), never to another host a reference happens to name.
 *
 * @param url the default registry, such as {@code http://localhost:5050}
 * @param token the bearer token for it
 */
public record RegistrySettings(Optional<URI> url, Optional<String> token) {

  public static final String REGISTRY_VARIABLE = "OPS_REGISTRY";
  public static final String TOKEN_VARIABLE = "OPS_REGISTRY_TOKEN";
  public static final String CONFIG_FILE = "config.json";

  private static final Set<String> KEYS = Set.of("url", "token");
  private static final String FORMAT =
      "it should look like {\"registry\": {\"url\": \"http://localhost:5050\", \"token\": \"...\"}}";

  /** The settings of this ops home and process environment. */
  public static RegistrySettings load(OpsHome home) {
    return load(System.getenv(), home.root().resolve(CONFIG_FILE));
  }

  public static RegistrySettings load(Map<String, String> environment, Path configFile) {
    RegistrySettings file = readFile(configFile);
    Optional<URI> url =
        nonBlank(environment.get(REGISTRY_VARIABLE))
            .map(RegistrySettings::normaliseUrl)
            .or(file::url);
    Optional<String> token = nonBlank(environment.get(TOKEN_VARIABLE)).or(file::token);
    return new RegistrySettings(url, token);
  }

  /** Settings given directly, as a service takes them from its own configuration. */
  public static RegistrySettings of(String url, String token) {
    return new RegistrySettings(nonBlank(url).map(RegistrySettings::normaliseUrl), nonBlank(token));
  }

  /** The configured registry as {@code host[:port]}, the form references use. */
  public Optional<String> defaultRegistry() {
    return url.map(URI::getRawAuthority);
  }

  /** The configured registry, or a failure saying how to configure one. */
  public String requireDefaultRegistry() {
    return defaultRegistry()
        .orElseThrow(
            () ->
                new OpsException(
                    "no registry is configured",
                    "set "
                        + REGISTRY_VARIABLE
                        + "=http://host:port, or registry.url in $OPS_HOME/"
                        + CONFIG_FILE
                        + ", or name the registry in the reference"));
  }

  /** Parses a reference, in the configured registry when it names none. */
  public ImageReference parse(String text) {
    return ImageReference.parse(text, defaultRegistry());
  }

  /** Where to reach a registry named in a reference. */
  public URI baseUri(String registry) {
    if (defaultRegistry().filter(registry::equals).isPresent()) {
      return url.orElseThrow();
    }
    return URI.create(schemeFor(registry) + "://" + registry);
  }

  public Optional<String> tokenFor(String registry) {
    boolean trusted = defaultRegistry().map(registry::equals).orElse(true);
    return trusted ? token : Optional.empty();
  }

  public RegistryClient clientFor(String registry, Progress progress) {
    return new RegistryClient(baseUri(registry), tokenFor(registry), progress);
  }

  /**
   * Plain HTTP for registries on this machine, as docker does for its insecure loopback registries;
   * HTTPS everywhere else unless the configured URL says otherwise.
   */
  private static String schemeFor(String registry) {
    String host = registry.replaceFirst(":[0-9]+$", "");
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    return loopback ? "http" : "https";
  }

  static URI normaliseUrl(String text) {
    String withScheme = text.contains("://") ? text : schemeFor(text) + "://" + text;
    try {
      URI uri = new URI(withScheme);
      boolean rootOnly = uri.getRawPath() == null || uri.getRawPath().matches("/?");
      if (!Set.of("http", "https").contains(uri.getScheme())
          || uri.getRawAuthority() == null
          || !rootOnly
          || uri.getRawQuery() != null) {
        throw new URISyntaxException(text, "not http(s)://host[:port]");
      }
      return new URI(uri.getScheme(), uri.getRawAuthority(), null, null, null);
    } catch (URISyntaxException e) {
      throw new OpsException(
          "'" + text + "' is not a registry address",
          "give it as http://host:port or https://host (the API lives at /v2/ on that host)");
    }
  }

  private static RegistrySettings readFile(Path configFile) {
    if (!Files.isRegularFile(configFile)) {
      return new RegistrySettings(Optional.empty(), Optional.empty());
    }
    try {
      JsonNode registry = Json.MAPPER.readTree(Files.readAllBytes(configFile)).path("registry");
      if (registry.isMissingNode() || registry.isNull()) {
        return new RegistrySettings(Optional.empty(), Optional.empty());
      }
      requireKnownKeys(registry, configFile);
      return new RegistrySettings(
          text(registry, "url", configFile).map(RegistrySettings::normaliseUrl),
          text(registry, "token", configFile));
    } catch (IOException e) {
      throw new OpsException(
          "could not read " + configFile + ": " + e.getMessage(), "fix it; " + FORMAT, e);
    }
  }

  private static void requireKnownKeys(JsonNode registry, Path configFile) {
    if (!registry.isObject()) {
      throw new OpsException("\"registry\" in " + configFile + " is not an object", FORMAT);
    }
    for (Iterator<String> names = registry.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!KEYS.contains(name)) {
        throw new OpsException(
            "unknown key registry." + name + " in " + configFile, "the keys are url and token");
      }
    }
  }

  private static Optional<String> text(JsonNode registry, String key, Path configFile) {
    JsonNode value = registry.path(key);
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new OpsException("registry." + key + " in " + configFile + " is not a string", FORMAT);
    }
    return nonBlank(value.asText());
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
