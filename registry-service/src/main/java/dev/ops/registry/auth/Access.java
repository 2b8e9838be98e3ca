package dev.ops.registry.auth;

/** What a request needs: reading, or writing (push and delete). */
public enum Access {
  NONE,
  /**
   * The version check: it answers 401 with the challenge to a client that sent no credentials at
   * all, even when pulls are open, because clients learn where to get tokens from that answer
   * (docker and containers/image only ask for one when /v2/ challenged them).
   */
  LOGIN,
  PULL,
  PUSH;

  /** Reads are GET and HEAD; every other method changes something. */
  public static Access forMethod(String method) {
    return method.equals("GET") || method.equals("HEAD") ? PULL : PUSH;
  }
}
