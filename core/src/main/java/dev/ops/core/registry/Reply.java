package dev.ops.core.registry;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A registry's answer: the body as the caller asked for it when the status is 2xx, otherwise the
 * raw error body, so that a failure can always quote the spec's error codes.
 *
 * @param uri where the answer came from, after redirects; relative {@code Location}s resolve here
 */
record Reply<T>(int status, HttpHeaders headers, T body, byte[] errorBody, URI uri) {

  boolean succeeded() {
    return status >= 200 && status < 300;
  }

  Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The {@code Location} header as an absolute URI. */
  Optional<URI> location() {
    return header("Location").map(uri::resolve);
  }
}
