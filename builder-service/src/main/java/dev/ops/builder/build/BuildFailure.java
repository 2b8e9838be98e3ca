package dev.ops.builder.build;

/**
 * A build that cannot go on: the step that failed, and a reason a person can act on. Transient
 * failures (the registry did not answer) are worth retrying; the rest are final.
 */
public final class BuildFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String step;
  private final boolean transientFault;

  public BuildFailure(String step, String reason, boolean transientFault, Throwable cause) {
    super(reason, cause);
    this.step = step;
    this.transientFault = transientFault;
  }

  public static BuildFailure of(String step, String reason) {
    return new BuildFailure(step, reason, false, null);
  }

  public String step() {
    return step;
  }

  /** The reason, as published in {@code dev.ops.build.failed.v1}. */
  public String reason() {
    return getMessage();
  }

  public boolean transientFault() {
    return transientFault;
  }
}
