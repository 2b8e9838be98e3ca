package dev.ops.core.registry;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One request to a registry, described so that it can be sent again: on a retry, after a token
 * dance, after a redirect.
 *
 * @param action what it does, for messages: "push blob sha256:... to hello"
 * @param body makes a fresh body for each sending
 * @param timeout until the response headers arrive; {@code null} for uploads, whose body must be
 *     sent before the registry answers
 * @param retryable whether the transport may send it again after a transient fault; uploads are
 *     not, because their own step resumes them
 */
record Call(
    String action,
    String method,
    URI uri,
    Map<String, String> headers,
    Supplier<HttpRequest.BodyPublisher> body,
    Duration timeout,
    boolean retryable) {

  static Call of(String action, String method, URI uri, Duration timeout) {
    return new Call(
        action, method, uri, Map.of(), HttpRequest.BodyPublishers::noBody, timeout, true);
  }

  Call withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Call(action, method, uri, Map.copyOf(more), body, timeout, retryable);
  }

  Call withBody(Supplier<HttpRequest.BodyPublisher> publisher) {
    return new Call(action, method, uri, headers, publisher, timeout, retryable);
  }

  /** An upload: no time limit before the answer, and no blind resending. */
  Call asUpload() {
    return new Call(action, method, uri, headers, body, null, false);
  }

  boolean followsRedirects() {
    return method.equals("GET") || method.equals("HEAD");
  }
}
