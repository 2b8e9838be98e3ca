package dev.ops.registry.name;

import dev.ops.registry.http.RegistryError;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest; the registry stores and verifies sha256 only. */
public record Digest(String value) {

  public static final String SHA256 = "sha256:";
  private static final Pattern ANY_ALGORITHM =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");
  private static final Pattern SHA256_DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

  public static Digest parse(String value) {
    if (value == null || value.isEmpty()) {
      throw RegistryError.DIGEST_INVALID.because(
          "a digest is required, such as sha256:<64 lower-case hex digits>");
    }
    if (SHA256_DIGEST.matcher(value).matches()) {
      return new Digest(value);
    }
    String reason =
        ANY_ALGORITHM.matcher(value).matches()
            ? "only sha256 digests are supported"
            : "it is not a digest: expected sha256:<64 lower-case hex digits>";
    throw RegistryError.DIGEST_INVALID
        .because("'" + value + "': " + reason)
        .withDetail("digest", value);
  }

  public static boolean isDigest(String reference) {
    return reference.contains(":");
  }

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static Digest of(MessageDigest sha256) {
    return new Digest(SHA256 + HexFormat.of().formatHex(sha256.digest()));
  }

  public static Digest of(byte[] content) {
    MessageDigest sha256 = newSha256();
    sha256.update(content);
    return of(sha256);
  }

  public String hex() {
    return value.substring(SHA256.length());
  }

  /** A 64-bit key for PostgreSQL advisory locks: the digest is already a uniform hash. */
  public long lockKey() {
    return Long.parseUnsignedLong(hex().substring(0, 16), 16);
  }

  @Override
  public String toString() {
    return value;
  }
}
