package dev.ops.core.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge, such as {@code Bearer realm="https://auth.example/token",
 * service="registry",scope="repository:hello:pull"}.
 */
record Challenge(String scheme, Map<String, String> parameters) {

  private static final Pattern PARAMETER =
      Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,]*))");

  static Optional<Challenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.strip();
    int space = text.indexOf(' ');
    String scheme = space < 0 ? text : text.substring(0, space);
    Map<String, String> parameters = new LinkedHashMap<>();
    if (space >= 0) {
      readParameters(text.substring(space + 1), parameters);
    }
    return Optional.of(new Challenge(scheme, Map.copyOf(parameters)));
  }

  boolean isBearer() {
    return scheme.equalsIgnoreCase("Bearer");
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  /**
   * {@code key=value} and {@code key="quoted value"} pairs (backslash escapes), comma-separated.
   */
  private static void readParameters(String text, Map<String, String> into) {
    Matcher parameter = PARAMETER.matcher(text);
    while (parameter.find()) {
      String quoted = parameter.group(2);
      String value =
          quoted != null ? quoted.replaceAll("\\\\(.)", "$1") : parameter.group(3).strip();
      into.put(parameter.group(1).toLowerCase(Locale.ROOT), value);
    }
  }
}
