package dev.ops.core;

/**
 * A failure the user can act on. The message says what failed and why; the hint, when there is one,
 * says what to do about it. Front ends print both and no stack trace.
 */
public class OpsException extends RuntimeException {

  private final String hint;

  public OpsException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  public OpsException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  public OpsException(String message) {
    this(message, null);
  }

  /** What the user could do about it, or {@code null}. */
  public String hint() {
    return hint;
  }
}
