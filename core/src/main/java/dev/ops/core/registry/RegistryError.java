package dev.ops.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the distribution spec's error body, {@code {"errors": [{"code", "message",
 * "detail"}]}}.
 *
 * @param code such as {@code BLOB_UNKNOWN} or {@code DIGEST_INVALID}
 * @param message the registry's sentence
 * @param detail the {@code detail} value as compact JSON, or empty
 */
public record RegistryError(String code, String message, String detail) {

  /**
   * The errors in a response body; none when the body is not the spec's JSON (a proxy's HTML page,
   * for instance), so a failure is still reported by its status.
   */
  public static List<RegistryError> parse(byte[] body) {
    if (body == null || body.length == 0) {
      return List.of();
    }
    try {
      JsonNode errors = Json.MAPPER.readTree(body).path("errors");
      List<RegistryError> parsed = new ArrayList<>();
      for (JsonNode error : errors) {
        JsonNode detail = error.path("detail");
        parsed.add(
            new RegistryError(
                error.path("code").asText(""),
                error.path("message").asText(""),
                detail.isMissingNode() || detail.isNull() ? "" : compact(detail)));
      }
      return List.copyOf(parsed);
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public String toString() {
    String text = code.isEmpty() ? message : code + (message.isEmpty() ? "" : ": " + message);
    return detail.isEmpty() ? text : text + " " + detail;
  }

  private static String compact(JsonNode detail) {
    return detail.isTextual() ? detail.asText() : detail.toString();
  }
}
