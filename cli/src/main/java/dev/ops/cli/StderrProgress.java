package dev.ops.cli;

import dev.ops.core.Progress;

/** Milestones on standard error, so standard output stays the program's own. */
final class StderrProgress implements Progress {

  private final boolean verbose;

  StderrProgress(boolean verbose) {
    this.verbose = verbose;
  }

  @Override
  public void milestone(String message) {
    System.err.println("ops: " + message);
  }

  @Override
  public void detail(String message) {
    if (verbose) {
      System.err.println("ops: " + message);
    }
  }
}
