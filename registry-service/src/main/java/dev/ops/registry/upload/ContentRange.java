package dev.ops.registry.upload;

import dev.ops.registry.http.Exchange;
import dev.ops.registry.http.RegistryError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the {@code Content-Range} of a chunk: it must start where the upload stands. The spec
 * writes it {@code <start>-<end>}; {@code bytes <start>-<end>/<total>} is accepted as well.
 */
public final class ContentRange {

  private static final Pattern RANGE =
      Pattern.compile("(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d{1,18}|\\*))?");

  private ContentRange() {}

  public static void check(Exchange exchange, String location, long received) {
    String header = exchange.request().getHeader("Content-Range");
    if (header == null) {
      return;
    }
    Matcher matcher = RANGE.matcher(header.trim());
    if (!matcher.matches()) {
      throw RegistryError.BLOB_UPLOAD_INVALID.because(
          "Content-Range '" + header + "' is not of the form <start>-<end>");
    }
    long start = Long.parseLong(matcher.group(1));
    long end = Long.parseLong(matcher.group(2));
    long length = exchange.contentLength().orElse(end - start + 1);
    if (start != received || end < start || length != end - start + 1) {
      throw RegistryError.BLOB_UPLOAD_INVALID
          .because(
              "chunk "
                  + header
                  + " does not continue the upload, which has "
                  + received
                  + " bytes; send the chunk that starts at byte "
                  + received)
          .withStatus(416)
          .withHeader("Location", location)
          .withHeader("Range", UploadEndpoints.range(received))
          .withDetail("received", received);
    }
  }
}
