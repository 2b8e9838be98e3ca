package dev.ops.core.registry;

import dev.ops.core.OpsException;
import java.util.List;

/**
 * A registry operation that failed, with what the registry said. Callers that retry (the builder,
 * the runners) can tell a transient fault from a refusal.
 */
public final class RegistryException extends OpsException {

  private final int status;
  private final List<RegistryError> errors;
  private final boolean transientFault;

  RegistryException(
      String message,
      String hint,
      int status,
      List<RegistryError> errors,
      boolean transientFault,
      Throwable cause) {
    super(message, hint, cause);
    this.status = status;
    this.errors = List.copyOf(errors);
    this.transientFault = transientFault;
  }

  /** The HTTP status, or 0 when no response came (connection refused, reset, timeout). */
  public int status() {
    return status;
  }

  public List<RegistryError> errors() {
    return errors;
  }

  /** Whether trying again later may succeed: no response, 5xx or 429. */
  public boolean transientFault() {
    return transientFault;
  }

  public boolean hasCode(String code) {
    return errors.stream().anyMatch(error -> error.code().equals(code));
  }

  /** The same failure, marked as worth another try from the start (a lost upload session). */
  RegistryException asTransient() {
    return new RegistryException(getMessage(), hint(), status, errors, true, getCause());
  }
}
