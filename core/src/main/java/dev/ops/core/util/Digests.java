package dev.ops.core.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in the OCI form {@code sha256:<hex>}. */
public final class Digests {

  public static final String SHA256_PREFIX = "sha256:";
  private static final int BUFFER_SIZE = 1 << 16;

  private Digests() {}

  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  public static String of(byte[] bytes) {
    return format(newSha256().digest(bytes));
  }

  public static String of(Path file) {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[BUFFER_SIZE];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return format(digest.digest());
  }

  public static String format(byte[] sha256) {
    return SHA256_PREFIX + HexFormat.of().formatHex(sha256);
  }

  /** The hex part of a digest, checked, for use as a file name. */
  public static String hex(String digest) {
    if (!isValid(digest)) {
      throw new IllegalArgumentException("not a sha256 digest: " + digest);
    }
    return digest.substring(SHA256_PREFIX.length());
  }

  public static boolean isValid(String digest) {
    return digest != null
        && digest.startsWith(SHA256_PREFIX)
        && digest.length() == SHA256_PREFIX.length() + 64
        && digest.substring(SHA256_PREFIX.length()).chars().allMatch(Digests::isLowerHex);
  }

  private static boolean isLowerHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }
}
