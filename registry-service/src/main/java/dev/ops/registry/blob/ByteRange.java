package dev.ops.registry.blob;

import dev.ops.registry.http.RegistryError;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a blob, from an HTTP {@code Range} header. */
public record ByteRange(long start, long length) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  /**
   * The range a header asks for, or empty for the whole blob (no header, or several ranges, which
   * HTTP lets a server answer in full).
   *
   * @throws dev.ops.registry.http.RegistryException 416 when the range lies outside the blob
   */
  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null || header.contains(",")) {
      return Optional.empty();
    }
    Matcher matcher = SINGLE.matcher(header.trim());
    if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(resolve(matcher.group(1), matcher.group(2), size));
  }

  public long end() {
    return start + length - 1;
  }

  public String contentRange(long size) {
    return "bytes " + start + "-" + end() + "/" + size;
  }

  private static ByteRange resolve(String first, String last, long size) {
    if (first.isEmpty()) {
      long suffix = Math.min(Long.parseLong(last), size);
      if (suffix == 0) {
        throw unsatisfiable(size);
      }
      return new ByteRange(size - suffix, suffix);
    }
    long start = Long.parseLong(first);
    long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
    if (start >= size || end < start) {
      throw unsatisfiable(size);
    }
    return new ByteRange(start, end - start + 1);
  }

  private static RuntimeException unsatisfiable(long size) {
    return RegistryError.SIZE_INVALID
        .because("the requested range is outside the blob, which has " + size + " bytes")
        .withStatus(416)
        .withHeader("Content-Range", "bytes */" + size);
  }
}
