package dev.ops.registry.name;

import dev.ops.registry.http.RegistryError;
import java.util.Optional;
import java.util.regex.Pattern;

/** What follows /manifests/: a tag such as "1.2" or a digest. */
public record Reference(Optional<String> tag, Optional<Digest> digest) {

  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  public static Reference parse(String value) {
    if (Digest.isDigest(value)) {
      return new Reference(Optional.empty(), Optional.of(Digest.parse(value)));
    }
    return new Reference(Optional.of(tag(value)), Optional.empty());
  }

  public static String tag(String value) {
    if (!TAG.matcher(value).matches()) {
      throw RegistryError.MANIFEST_INVALID
          .because(
              "'"
                  + value
                  + "' is not a tag: use up to 128 letters, digits, '_', '.' or '-', not"
                  + " starting with '.' or '-'")
          .withDetail("tag", value);
    }
    return value;
  }

  public boolean isDigest() {
    return digest.isPresent();
  }

  @Override
  public String toString() {
    return tag.orElseGet(() -> digest.orElseThrow().value());
  }
}
