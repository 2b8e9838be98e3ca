package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a runner does when an instance's program ends, written as Docker writes it: {@code no},
 * {@code on-failure}, {@code on-failure:N} or {@code always}.
 *
 * @param mode when to restart
 * @param maxRetries for {@code on-failure}, how many restarts at most; 0 means no limit
 */
public record RestartPolicy(Mode mode, int maxRetries) {

  public static final RestartPolicy NO = new RestartPolicy(Mode.NO, 0);
  public static final RestartPolicy ALWAYS = new RestartPolicy(Mode.ALWAYS, 0);

  /** When to restart. */
  public enum Mode {
    /** Never: the instance ends with its program. */
    NO,
    /** When the program exits with a non-zero status or the VM fails, not when it exits 0. */
    ON_FAILURE,
    /** Whenever the program ends, unless a stop was requested. */
    ALWAYS
  }

  public RestartPolicy {
    if (mode == null) {
      throw new IllegalArgumentException("restart policy needs a mode");
    }
    if (maxRetries < 0 || (maxRetries > 0 && mode != Mode.ON_FAILURE)) {
      throw new IllegalArgumentException(
          "a retry limit is a positive number and only on-failure takes one, was " + maxRetries);
    }
  }

  public static RestartPolicy onFailure(int maxRetries) {
    return new RestartPolicy(Mode.ON_FAILURE, maxRetries);
  }

  @JsonCreator
  public static RestartPolicy parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("restart policy is required");
    }
    return switch (text) {
      case "no" -> NO;
      case "always" -> ALWAYS;
      case "on-failure" -> onFailure(0);
      default -> parseOnFailureWithLimit(text);
    };
  }

  private static RestartPolicy parseOnFailureWithLimit(String text) {
    String prefix = "on-failure:";
    if (text.startsWith(prefix) && text.substring(prefix.length()).matches("[1-9][0-9]{0,5}")) {
      return onFailure(Integer.parseInt(text.substring(prefix.length())));
    }
    throw new IllegalArgumentException(
        "restart policy must be no, on-failure, on-failure:N or always, was '" + text + "'");
  }

  @JsonValue
  @Override
  public String toString() {
    return switch (mode) {
      case NO -> "no";
      case ALWAYS -> "always";
      case ON_FAILURE -> maxRetries == 0 ? "on-failure" : "on-failure:" + maxRetries;
    };
  }
}
