package dev.ops.registry.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the registry refuses, carried to the client as the specification's JSON error body. The
 * message says what was wrong and, where it helps, what to do instead.
 */
public final class RegistryException extends RuntimeException {

  private final RegistryError error;
  private final int status;
  private final Map<String, Object> detail = new LinkedHashMap<>();
  private final Map<String, String> headers = new LinkedHashMap<>();

  RegistryException(RegistryError error, int status, String message) {
    super(message, null, false, false);
    this.error = error;
    this.status = status;
  }

  /** The same error with another HTTP status, such as 413 or 416. */
  public RegistryException withStatus(int newStatus) {
    RegistryException copy = new RegistryException(error, newStatus, getMessage());
    copy.detail.putAll(detail);
    copy.headers.putAll(headers);
    return copy;
  }

  public RegistryException withDetail(String key, Object value) {
    detail.put(key, value);
    return this;
  }

  public RegistryException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public RegistryError error() {
    return error;
  }

  public int status() {
    return status;
  }

  public Map<String, Object> detail() {
    return detail;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
