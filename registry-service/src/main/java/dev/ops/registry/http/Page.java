package dev.ops.registry.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pagination of tag lists and the catalog: {@code ?n=<count>&last=<name>}, answered with at most n
 * names after {@code last} in lexical order, and a {@code Link: <...>; rel="next"} header while
 * more remain.
 */
public record Page(int size, String after) {

  public static Page of(Exchange exchange, int maxSize) {
    int size = exchange.query("n").map(n -> count(n, maxSize)).orElse(maxSize);
    return new Page(size, exchange.query("last").orElse(""));
  }

  /**
   * Answers with the page: {@code fields} plus {@code listField} holding the names, given one more
   * name than asked for when another page follows.
   */
  public void respond(
      Exchange exchange,
      String path,
      Map<String, Object> fields,
      String listField,
      List<String> names) {
    boolean more = size > 0 && names.size() > size;
    List<String> page = names.subList(0, Math.min(size, names.size()));
    if (more) {
      String last = URLEncoder.encode(page.get(page.size() - 1), StandardCharsets.UTF_8);
      exchange
          .response()
          .putHeader("Link", "<" + path + "?n=" + size + "&last=" + last + ">; rel=\"next\"");
    }
    Map<String, Object> body = new LinkedHashMap<>(fields);
    body.put(listField, page);
    Responses.json(exchange.response(), 200, body);
  }

  /** How many rows to fetch: one past the page tells whether another page follows. */
  public int fetchSize() {
    return size + 1;
  }

  private static int count(String n, int maxSize) {
    Optional<Integer> parsed = Optional.empty();
    try {
      parsed = Optional.of(Integer.parseInt(n));
    } catch (NumberFormatException e) {
      // reported below
    }
    if (parsed.isEmpty() || parsed.get() < 0) {
      throw RegistryError.UNSUPPORTED
          .because("n must be a non-negative number of entries, not '" + n + "'")
          .withStatus(400);
    }
    return Math.min(parsed.get(), maxSize);
  }
}
