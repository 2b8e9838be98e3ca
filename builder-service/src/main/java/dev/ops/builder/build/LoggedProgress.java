package dev.ops.builder.build;

import dev.ops.core.Progress;
import java.lang.System.Logger.Level;

/**
 * The core's progress, in the builder's log. The builder reports each build's milestones itself, in
 * events and at INFO; what the core says along the way is detail.
 */
final class LoggedProgress implements Progress {

  private static final System.Logger LOG = System.getLogger("dev.ops.builder.core");

  @Override
  public void milestone(String message) {
    LOG.log(Level.DEBUG, message);
  }

  @Override
  public void detail(String message) {
    LOG.log(Level.TRACE, message);
  }
}
