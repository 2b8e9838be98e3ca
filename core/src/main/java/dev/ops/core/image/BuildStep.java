package dev.ops.core.image;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import java.util.function.Supplier;

/**
 * Runs one named step of a build, so that a failure says which step failed and progress shows how
 * long each took.
 */
final class BuildStep {

  private BuildStep() {}

  static <T> T run(String step, Progress progress, Supplier<T> body) {
    long start = System.nanoTime();
    try {
      T result = body.get();
      progress.detail(step + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
      return result;
    } catch (OpsException e) {
      throw new OpsException(
          "could not build the image, step '" + step + "': " + e.getMessage(), e.hint(), e);
    } catch (RuntimeException e) {
      throw new OpsException(
          "could not build the image, step '" + step + "': " + e,
          "this looks like a bug in ops; please report it with the command you ran",
          e);
    }
  }
}
