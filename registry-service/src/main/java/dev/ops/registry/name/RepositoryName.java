package dev.ops.registry.name;

import dev.ops.registry.http.RegistryError;
import java.util.regex.Pattern;

/** A repository name as the OCI Distribution Specification allows it, such as "ops/hello". */
public record RepositoryName(String value) {

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern GRAMMAR = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final int MAX_LENGTH = 255;

  public static RepositoryName parse(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      throw RegistryError.NAME_INVALID.because(
          "repository names have 1 to " + MAX_LENGTH + " characters");
    }
    if (!GRAMMAR.matcher(value).matches()) {
      throw RegistryError.NAME_INVALID
          .because(
              "'"
                  + value
                  + "' is not a repository name: use lower-case letters and digits in"
                  + " components separated by '/', with single '.', '_', '__' or '-' runs"
                  + " between them (no '..', no leading or trailing separators)")
          .withDetail("name", value);
    }
    return new RepositoryName(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
