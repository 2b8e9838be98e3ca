package dev.ops.builder.build;

/**
 * The builder is stopping and gave a build up without an outcome: its request stays uncommitted and
 * goes to another builder. Never published as a failure, because the build did not fail.
 */
public final class Abandoned extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public Abandoned(String what) {
    super(what);
  }
}
