package dev.ops.events;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks shared by the payload records' constructors. A record that exists is valid: anything else
 * is refused with {@link IllegalArgumentException} naming the field, which the codec turns into
 * {@link InvalidEventException.Reason#INVALID_PAYLOAD}.
 */
public final class Require {

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern MODE = Pattern.compile("[0-7]{4}");

  private Require() {}

  public static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  public static String text(String value, String field) {
    if (present(value, field).isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  public static String optionalText(String value, String field) {
    return value == null ? null : text(value, field);
  }

  public static String digest(String value, String field) {
    if (!DIGEST.matcher(present(value, field)).matches()) {
      throw new IllegalArgumentException(
          field + " must be sha256: followed by 64 lowercase hex digits, was '" + value + "'");
    }
    return value;
  }

  public static String optionalDigest(String value, String field) {
    return value == null ? null : digest(value, field);
  }

  /** An absolute path inside the guest, without {@code .} or {@code ..} segments. */
  public static String guestPath(String value, String field) {
    text(value, field);
    boolean relativeSegment =
        value.equals("/..")
            || value.contains("/../")
            || value.endsWith("/..")
            || value.contains("/./")
            || value.endsWith("/.");
    if (!value.startsWith("/") || relativeSegment || value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          field + " must be an absolute guest path without . or .. segments, was '" + value + "'");
    }
    return value;
  }

  /** Four octal digits, as in {@code chmod}: {@code 0755}. */
  public static String mode(String value, String field) {
    if (!MODE.matcher(present(value, field)).matches()) {
      throw new IllegalArgumentException(
          field + " must be four octal digits such as 0755, was '" + value + "'");
    }
    return value;
  }

  public static int positive(int value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  public static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
    return value;
  }

  public static int atMost(int value, int limit, String field, String limitField) {
    if (value > limit) {
      throw new IllegalArgumentException(
          field + " (" + value + ") must not exceed " + limitField + " (" + limit + ")");
    }
    return value;
  }

  public static int port(int value, String field) {
    if (value < 1 || value > 65_535) {
      throw new IllegalArgumentException(field + " must be a TCP port 1-65535, was " + value);
    }
    return value;
  }

  /** An immutable copy; a missing list is empty, a missing element is refused. */
  public static <T> List<T> list(List<T> value, String field) {
    List<T> copy = new ArrayList<>(value == null ? List.of() : value);
    if (copy.contains(null)) {
      throw new IllegalArgumentException(field + " must not contain null");
    }
    return Collections.unmodifiableList(copy);
  }

  /** An immutable copy in the original order; a missing map is empty. */
  public static Map<String, String> map(Map<String, String> value, String field) {
    Map<String, String> copy = new LinkedHashMap<>(value == null ? Map.of() : value);
    copy.forEach(
        (key, entry) -> {
          text(key, field + " key");
          present(entry, field + "[" + key + "]");
        });
    return Collections.unmodifiableMap(copy);
  }
}
