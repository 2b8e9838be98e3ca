package dev.ops.registry.http;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.function.Supplier;

/** Reads a body that must be small, such as a manifest, refusing it past a limit. */
public final class SmallBody {

  private SmallBody() {}

  /**
   * The whole body, or a failure with {@code tooLarge} once it passes {@code limit} bytes (declared
   * or received).
   */
  public static Uni<byte[]> read(
      HttpServerRequest request, long limit, Supplier<RegistryException> tooLarge) {
    String declared = request.getHeader("Content-Length");
    if (declared != null && Long.parseLong(declared) > limit) {
      return Uni.createFrom().failure(tooLarge.get());
    }
    Promise<byte[]> done = Promise.promise();
    if (request.response().closed()) {
      return Uni.createFrom().failure(new IOException("the client closed the connection"));
    }
    request.response().closeHandler(ignored -> done.tryFail("the client went away"));
    Buffer body = Buffer.buffer();
    request.handler(
        chunk -> {
          if (done.future().isComplete()) {
            return;
          }
          if (body.length() + chunk.length() > limit) {
            done.tryFail(tooLarge.get());
            return;
          }
          body.appendBuffer(chunk);
        });
    request.exceptionHandler(done::tryFail);
    request.endHandler(ignored -> done.tryComplete(body.getBytes()));
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      request.response().writeContinue();
    }
    request.resume();
    return Uni.createFrom().completionStage(() -> done.future().toCompletionStage());
  }
}
