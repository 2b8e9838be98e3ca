package dev.ops.registry.storage;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/**
 * Runs file-system work on a worker thread and comes back on the caller's Vert.x context, where
 * Hibernate Reactive expects to continue.
 */
public final class Blocking {

  private Blocking() {}

  public static <T> Uni<T> call(Callable<T> work) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return Uni.createFrom().item(() -> callUnchecked(work));
    }
    return Uni.createFrom()
        .emitter(
            emitter ->
                context
                    .executeBlocking(work, false)
                    .onComplete(
                        result -> {
                          if (result.succeeded()) {
                            emitter.complete(result.result());
                          } else {
                            emitter.fail(result.cause());
                          }
                        }));
  }

  public static Uni<Void> run(ThrowingRunnable work) {
    return call(() -> {
          work.run();
          return null;
        })
        .replaceWithVoid();
  }

  /** File work that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  private static <T> T callUnchecked(Callable<T> work) {
    try {
      return work.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
