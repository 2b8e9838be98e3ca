package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends one blob: {@code POST} to open an upload session, then either one {@code PUT} with the
 * whole body, or, for large blobs, {@code PATCH} chunks and a closing {@code PUT}. A chunk that
 * fails is resumed from the offset the registry reports; a session the registry lost is started
 * again. Both are bounded by the tuning's attempts.
 */
final class BlobUpload {

  private static final Pattern RANGE = Pattern.compile("(?:bytes=)?0-([0-9]+)");
  private static final String OCTETS = "application/octet-stream";

  private final Transport transport;
  private final RegistryClient.Tuning tuning;
  private final Progress progress;

  BlobUpload(Transport transport, RegistryClient.Tuning tuning, Progress progress) {
    this.transport = transport;
    this.tuning = tuning;
    this.progress = progress;
  }

  /** Where an upload session stands: where to send next and how many bytes the registry has. */
  private record Session(URI location, long offset) {}

  void push(String repository, Path file, BlobDescriptor blob) {
    requireSize(file, blob);
    TransferMeter meter = TransferMeter.start(progress, "sent", blob.digest(), blob.size());
    boolean chunked = blob.size() > tuning.chunkThreshold();
    retryFromStart(
        () -> {
          URI location = open(repository, blob);
          if (chunked) {
            Session sent = sendChunks(location, file, blob, meter);
            close(sent.location(), blob, HttpRequest.BodyPublishers::noBody);
          } else {
            close(location, blob, () -> FileSlice.publisher(file, 0, blob.size(), meter::at));
          }
        });
    meter.finished();
  }

  void push(String repository, byte[] content, BlobDescriptor blob) {
    retryFromStart(
        () ->
            close(
                open(repository, blob),
                blob,
                () -> HttpRequest.BodyPublishers.ofByteArray(content)));
  }

  /** A lost session or a connection that broke for good is retried with a new session. */
  private void retryFromStart(Runnable upload) {
    for (int attempt = 1; ; attempt++) {
      try {
        upload.run();
        return;
      } catch (RegistryException e) {
        if (!e.transientFault() || attempt >= tuning.attempts()) {
          throw e;
        }
        transport.pause(attempt, Optional.empty(), e.getMessage());
      }
    }
  }

  private URI open(String repository, BlobDescriptor blob) {
    URI uri = transport.base().resolve("/v2/" + repository + "/blobs/uploads/");
    Call call = Call.of(action(repository, blob), "POST", uri, tuning.requestTimeout());
    Reply<Void> reply = transport.send(call);
    if (reply.status() != 202 || reply.location().isEmpty()) {
      throw transport.failure(call, reply);
    }
    return reply.location().get();
  }

  private Session sendChunks(URI location, Path file, BlobDescriptor blob, TransferMeter meter) {
    Session session = new Session(location, 0);
    int failures = 0;
    while (session.offset() < blob.size()) {
      try {
        session = sendChunk(session, file, blob, meter);
      } catch (RegistryException e) {
        if (!e.transientFault() || ++failures >= tuning.attempts()) {
          throw e;
        }
        transport.pause(failures, Optional.empty(), e.getMessage());
        session = status(session, blob);
        progress.detail("resuming the upload of " + blob.digest() + " at byte " + session.offset());
      }
    }
    return session;
  }

  private Session sendChunk(Session session, Path file, BlobDescriptor blob, TransferMeter meter) {
    long offset = session.offset();
    long length = Math.min(tuning.chunkSize(), blob.size() - offset);
    Call call =
        Call.of("send a chunk of " + blob.digest(), "PATCH", session.location(), null)
            .withHeader("Content-Type", OCTETS)
            .withHeader("Content-Range", offset + "-" + (offset + length - 1))
            .withBody(() -> FileSlice.publisher(file, offset, length, meter::at))
            .asUpload();
    Reply<Void> reply = transport.send(call);
    if (reply.status() != 202) {
      throw sessionFailure(call, reply);
    }
    long confirmed = confirmedOffset(reply).orElse(offset + length);
    if (confirmed <= offset) {
      throw transport.failure(call, reply).asTransient();
    }
    return new Session(reply.location().orElse(session.location()), confirmed);
  }

  /** Asks the registry how much of the upload it holds, to resume after a failed chunk. */
  private Session status(Session session, BlobDescriptor blob) {
    Call call = Call.of("resume the upload of " + blob.digest(), "GET", session.location(), null);
    Reply<Void> reply = transport.send(call);
    if (!reply.succeeded()) {
      throw transport.failure(call, reply).asTransient();
    }
    return new Session(
        reply.location().orElse(session.location()), confirmedOffset(reply).orElse(0L));
  }

  private void close(URI location, BlobDescriptor blob, Supplier<HttpRequest.BodyPublisher> body) {
    Call call =
        Call.of("push blob " + blob.digest(), "PUT", withDigest(location, blob.digest()), null)
            .withHeader("Content-Type", OCTETS)
            .withBody(body)
            .asUpload();
    Reply<Void> reply = transport.send(call);
    if (reply.status() != 201) {
      throw sessionFailure(call, reply);
    }
  }

  /** A lost or confused session is worth starting again; other refusals are final. */
  private RegistryException sessionFailure(Call call, Reply<?> reply) {
    RegistryException failure = transport.failure(call, reply);
    boolean lost =
        reply.status() == 404 && !failure.hasCode("NAME_UNKNOWN")
            || reply.status() == 416
            || failure.hasCode("BLOB_UPLOAD_UNKNOWN")
            || failure.hasCode("BLOB_UPLOAD_INVALID");
    return lost ? failure.asTransient() : failure;
  }

  /**
   * The registry's {@code Range: 0-N} names the last byte it holds. {@code 0-0} is ambiguous
   * between nothing and one byte; chunks are far larger than a byte, so it means nothing.
   */
  private static Optional<Long> confirmedOffset(Reply<?> reply) {
    return reply
        .header("Range")
        .map(RANGE::matcher)
        .filter(Matcher::matches)
        .map(m -> Long.parseLong(m.group(1)))
        .map(last -> last == 0 ? 0 : last + 1);
  }

  private static URI withDigest(URI location, String digest) {
    String separator = location.getRawQuery() == null ? "?" : "&";
    return URI.create(location + separator + "digest=" + Transport.encode(digest));
  }

  private static void requireSize(Path file, BlobDescriptor blob) {
    try {
      long size = Files.size(file);
      if (size != blob.size()) {
        throw new OpsException(
            file + " holds " + size + " bytes where " + blob.digest() + " has " + blob.size(),
            "the local file changed after it was stored; build or pull it again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private static String action(String repository, BlobDescriptor blob) {
    return "push blob " + blob.digest() + " to " + repository;
  }
}
