package dev.ops.events;

/**
 * A record that is not a valid ops event. Consumers send it to the dead-letter topic with its
 * {@link #reason()} and go on with the next record: retrying would fail the same way. It is checked
 * so that no consumer forgets that decision.
 */
public final class InvalidEventException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What is wrong, from the outside in. */
  public enum Reason {
    /** No CloudEvents headers nor a structured CloudEvents body, or unreadable attributes. */
    NOT_A_CLOUDEVENT,
    /** A CloudEvents version other than 1.0. */
    UNSUPPORTED_SPEC_VERSION,
    /** An attribute ops requires ({@code time}, {@code subject}) is absent. */
    MISSING_ATTRIBUTE,
    /** A {@code type} this version of the contract does not know. */
    UNKNOWN_TYPE,
    /** Data that is not {@code application/json}. */
    UNSUPPORTED_CONTENT_TYPE,
    /** No data, or a tombstone where a value was expected. */
    MISSING_DATA,
    /** Data that is not one well-formed JSON document. */
    MALFORMED_JSON,
    /** Well-formed JSON that does not fit the type: unknown or missing fields, bad values. */
    INVALID_PAYLOAD,
    /** The record key or the subject is not the payload's entity id. */
    KEY_MISMATCH
  }

  private final Reason reason;

  public InvalidEventException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public InvalidEventException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
