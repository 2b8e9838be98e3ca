package dev.ops.registry.storage;

import dev.ops.registry.http.RegistryError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Streams a request body into a file at a given offset without holding it in memory: buffers are
 * gathered into larger writes, hashed as they pass, and the request is paused while the file falls
 * behind. More bytes than the limit fail the transfer with 413 SIZE_INVALID.
 */
public final class BodySink {

  private static final int WRITE_SIZE = 512 * 1024;

  private final HttpServerRequest request;
  private final Optional<MessageDigest> digest;
  private final long limit;
  private final Promise<Long> done = Promise.promise();
  private AsyncFile file;
  private Buffer pending = Buffer.buffer(WRITE_SIZE);
  private long received;

  private BodySink(HttpServerRequest request, Optional<MessageDigest> digest, long limit) {
    this.request = request;
    this.digest = digest;
    this.limit = limit;
  }

  /**
   * Appends the body of {@code request} to {@code path}, cutting the file to {@code offset} first
   * so that the leftovers of an interrupted transfer are overwritten.
   *
   * @param digest updated with every byte, when present
   * @param limit most bytes this body may have
   * @return the number of bytes written, once they are on disk
   */
  public static Uni<Long> append(
      HttpServerRequest request,
      Path path,
      long offset,
      Optional<MessageDigest> digest,
      long limit) {
    BodySink sink = new BodySink(request, digest, limit);
    Vertx vertx = Vertx.currentContext().owner();
    String file = path.toString();
    vertx
        .fileSystem()
        .open(file, new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(false))
        .compose(opened -> vertx.fileSystem().truncate(file, offset).map(opened))
        .onSuccess(opened -> sink.start(opened, offset))
        .onFailure(sink::fail);
    return Uni.createFrom().completionStage(() -> sink.done.future().toCompletionStage());
  }

  private void start(AsyncFile opened, long offset) {
    file = opened;
    file.setWritePos(offset);
    file.exceptionHandler(this::fail);
    // A client that went away before we started reading sends neither an end nor an error.
    if (request.response().closed()) {
      fail(new IOException("the client closed the connection before sending the whole body"));
      return;
    }
    request.response().closeHandler(ignored -> fail(new IOException("the client went away")));
    request.exceptionHandler(this::fail);
    request.endHandler(ignored -> finish());
    request.handler(this::accept);
    if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
      request.response().writeContinue();
    }
    request.resume();
  }

  private void accept(Buffer buffer) {
    if (done.future().isComplete()) {
      return;
    }
    received += buffer.length();
    if (received > limit) {
      fail(
          RegistryError.SIZE_INVALID
              .because("the blob is larger than this registry's limit of " + limit + " bytes")
              .withDetail("limit", limit)
              .withStatus(413));
      return;
    }
    digest.ifPresent(d -> d.update(buffer.getByteBuf().nioBuffer()));
    pending.appendBuffer(buffer);
    if (pending.length() >= WRITE_SIZE) {
      writePending();
    }
  }

  private void writePending() {
    if (pending.length() == 0) {
      return;
    }
    file.write(pending).onFailure(this::fail);
    pending = Buffer.buffer(WRITE_SIZE);
    if (file.writeQueueFull() && !request.isEnded()) {
      request.pause();
      file.drainHandler(ignored -> request.resume());
    }
  }

  private void finish() {
    if (done.future().isComplete()) {
      return;
    }
    writePending();
    // close() waits for the outstanding writes; the caller fsyncs before anyone relies on them.
    file.close().onSuccess(ignored -> done.tryComplete(received)).onFailure(this::fail);
  }

  private void fail(Throwable cause) {
    if (done.tryFail(cause) && file != null) {
      file.close();
    }
  }
}
