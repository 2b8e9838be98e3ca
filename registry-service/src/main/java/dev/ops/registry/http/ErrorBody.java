package dev.ops.registry.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** The error document of the OCI Distribution Specification. */
public record ErrorBody(List<Entry> errors) {

  /** One error: its code, a message for people and optional structured detail. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Entry(String code, String message, Map<String, Object> detail) {}

  public static ErrorBody of(RegistryException e) {
    String message = e.getMessage() == null ? e.error().summary() : e.getMessage();
    return new ErrorBody(List.of(new Entry(e.error().name(), message, e.detail())));
  }
}
