package dev.ops.core.registry;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.util.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Fetches one blob into a {@code .partial} file next to its target, resuming with {@code Range}
 * after a broken connection (also one from an earlier run), checks its size and digest, and only
 * then renames it into place. A blob that fails the check is deleted, never stored. One download at
 * a time per target, see {@link DownloadLock}.
 */
final class BlobDownload {

  static final String PARTIAL_SUFFIX = ".partial";
  private static final int BUFFER_SIZE = 1 << 16;

  private final Transport transport;
  private final RegistryClient.Tuning tuning;
  private final Progress progress;

  BlobDownload(Transport transport, RegistryClient.Tuning tuning, Progress progress) {
    this.transport = transport;
    this.tuning = tuning;
    this.progress = progress;
  }

  /** One blob on its way into one partial file. */
  private record Download(
      String repository, BlobDescriptor blob, Path partial, TransferMeter meter) {

    String action() {
      return "pull blob " + blob.digest() + " from " + repository;
    }
  }

  /** Returns false when the target was there already, stored by another pull meanwhile. */
  boolean pull(String repository, BlobDescriptor blob, Path target) {
    Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    createParent(target);
    try (DownloadLock lock = DownloadLock.acquire(target)) {
      if (Files.exists(target)) {
        delete(partial);
        return false;
      }
      TransferMeter meter = TransferMeter.start(progress, "received", blob.digest(), blob.size());
      download(new Download(repository, blob, partial, meter));
      moveIntoPlace(partial, target);
      meter.finished();
      return true;
    }
  }

  private void download(Download download) {
    boolean resumedEarlierRun = Files.exists(download.partial());
    fetch(download);
    Optional<String> problem = problemWith(download);
    if (problem.isPresent() && resumedEarlierRun) {
      // What an earlier run left may be what is wrong: one fresh download settles it.
      progress.detail("the partial download of " + download.blob().digest() + " was bad; again");
      delete(download.partial());
      fetch(download);
      problem = problemWith(download);
    }
    if (problem.isPresent()) {
      delete(download.partial());
      throw corrupt(download, problem.get());
    }
  }

  private void fetch(Download download) {
    for (int attempt = 1; ; attempt++) {
      try {
        fetchOnce(download);
        return;
      } catch (RegistryException e) {
        if (!e.transientFault() || attempt >= tuning.attempts()) {
          throw e;
        }
        transport.pause(attempt, Optional.empty(), e.getMessage());
      }
    }
  }

  private void fetchOnce(Download download) {
    long have = usablePartialSize(download);
    if (have == download.blob().size()) {
      return;
    }
    Call call = request(download, have);
    Reply<InputStream> reply = transport.send(call, HttpResponse.BodyHandlers.ofInputStream());
    if (reply.status() == 416) {
      delete(download.partial());
      throw transport.failure(call, reply).asTransient();
    }
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    InputStream body = reply.body();
    try (body;
        StallWatch watch = StallWatch.start(tuning.requestTimeout(), () -> closeQuietly(body))) {
      try {
        append(body, startOf(reply, have, download), download, watch);
      } catch (IOException e) {
        String why =
            watch.stalled()
                ? "nothing arrived for " + tuning.requestTimeout().toSeconds() + " s"
                : Transport.describe(e);
        throw brokenOff(download, why, e);
      }
    } catch (IOException e) {
      throw brokenOff(download, Transport.describe(e), e);
    }
  }

  private Call request(Download download, long have) {
    URI uri =
        transport
            .base()
            .resolve("/v2/" + download.repository() + "/blobs/" + download.blob().digest());
    Call call = Call.of(download.action(), "GET", uri, tuning.requestTimeout());
    return have > 0 ? call.withHeader("Range", "bytes=" + have + "-") : call;
  }

  /** Where the body starts: at 0 for a whole blob, at what we have for the range we asked. */
  private static long startOf(Reply<?> reply, long have, Download download) {
    if (reply.status() != 206) {
      return 0;
    }
    if (!reply.header("Content-Range").orElse("").startsWith("bytes " + have + "-")) {
      delete(download.partial());
      throw brokenOff(download, "the registry answered with another range than asked", null);
    }
    return have;
  }

  private static void closeQuietly(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // The read it interrupts reports the failure.
    }
  }

  private static void append(InputStream body, long offset, Download download, StallWatch watch)
      throws IOException {
    StandardOpenOption mode =
        offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
    try (OutputStream out =
        Files.newOutputStream(
            download.partial(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
      copy(body, out, offset, download, watch);
    } catch (RegistryException tooLong) {
      delete(download.partial());
      throw tooLong;
    }
  }

  private static void copy(
      InputStream body, OutputStream out, long offset, Download download, StallWatch watch)
      throws IOException {
    long position = offset;
    byte[] buffer = new byte[BUFFER_SIZE];
    for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
      position += read;
      if (position > download.blob().size()) {
        throw corrupt(download, "the registry sent more than " + download.blob().size() + " bytes");
      }
      out.write(buffer, 0, read);
      watch.progressed();
      download.meter().at(position);
    }
  }

  /** The size of what an earlier attempt left, or 0 when there is nothing worth resuming. */
  private static long usablePartialSize(Download download) {
    try {
      Path partial = download.partial();
      long size = Files.exists(partial) ? Files.size(partial) : 0;
      if (size > download.blob().size()) {
        Files.delete(partial);
        return 0;
      }
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<String> problemWith(Download download) {
    BlobDescriptor blob = download.blob();
    long size = size(download.partial());
    if (size != blob.size()) {
      return Optional.of("it has " + size + " bytes where " + blob.size() + " were expected");
    }
    String actual = Digests.of(download.partial());
    if (!actual.equals(blob.digest())) {
      return Optional.of("its content has the digest " + actual + ", not " + blob.digest());
    }
    return Optional.empty();
  }

  private static RegistryException corrupt(Download download, String problem) {
    return new RegistryException(
        "could not " + download.action() + ": " + problem,
        "nothing was stored. The registry's copy is damaged, or something between altered it:"
            + " push the artifact again, or tell the registry's operator",
        0,
        List.of(),
        false,
        null);
  }

  private static RegistryException brokenOff(Download download, String why, IOException cause) {
    return new RegistryException(
        "could not " + download.action() + ": the download broke off (" + why + ")",
        "try again; what was received is kept and resumed",
        0,
        List.of(),
        true,
        cause);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void moveIntoPlace(Path partial, Path target) {
    try {
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not move " + partial + " to " + target, e);
    }
  }

  private static void createParent(Path target) {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
