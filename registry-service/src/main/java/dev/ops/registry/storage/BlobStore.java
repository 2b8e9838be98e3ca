package dev.ops.registry.storage;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.name.Digest;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The content-addressed directory that holds blob bytes: {@code blobs/sha256/<2 hex>/<hex>}.
 * Uploads are written under {@code uploads/} on the same file system, verified, fsynced and then
 * renamed into place atomically, so a blob file is always complete and stored once whatever
 * repositories link it. Garbage collection first moves a blob to {@code trash/}.
 */
@Startup
@ApplicationScoped
public class BlobStore {

  private static final int HASH_BUFFER = 1 << 20;

  @Inject RegistryConfig config;

  private Path blobs;
  private Path uploads;
  private Path trash;

  @PostConstruct
  void createDirectories() {
    Path root = config.storage().toAbsolutePath();
    blobs = root.resolve("blobs").resolve("sha256");
    uploads = root.resolve("uploads");
    trash = root.resolve("trash");
    try {
      Files.createDirectories(blobs);
      Files.createDirectories(uploads);
      Files.createDirectories(trash);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not create the blob store under "
              + root
              + "; set ops.registry.storage to a writable directory",
          e);
    }
  }

  public Path blobPath(Digest digest) {
    String hex = digest.hex();
    return blobs.resolve(hex.substring(0, 2)).resolve(hex);
  }

  public Path uploadPath(UUID session) {
    return uploads.resolve(session.toString());
  }

  public Path blobsDirectory() {
    return blobs;
  }

  public Path uploadsDirectory() {
    return uploads;
  }

  /**
   * Moves a verified upload into place. If the blob is already stored, the upload is dropped: equal
   * digests mean equal bytes.
   */
  public Uni<Void> commit(Path upload, Digest digest) {
    return Blocking.run(() -> commitNow(upload, digest));
  }

  /** Makes a file's bytes durable before anything refers to them. */
  public Uni<Void> fsync(Path file) {
    return Blocking.run(() -> force(file));
  }

  /** The sha256 of a file, read on a worker thread. */
  public Uni<Digest> hash(Path file) {
    return Blocking.call(() -> hashNow(file));
  }

  public Uni<Boolean> exists(Digest digest) {
    return Blocking.call(() -> Files.isRegularFile(blobPath(digest)));
  }

  /** Moves a blob out of the store; returns where it went, if it was there. */
  public Uni<Optional<Path>> moveToTrash(Digest digest) {
    return Blocking.call(() -> trashNow(digest));
  }

  /** Puts a trashed blob back, when the deletion that trashed it did not commit. */
  public Uni<Void> restore(Path trashed, Digest digest) {
    return Blocking.run(
        () -> Files.move(trashed, blobPath(digest), StandardCopyOption.ATOMIC_MOVE));
  }

  public Uni<Void> delete(Path file) {
    return Blocking.run(() -> Files.deleteIfExists(file));
  }

  /** Blob files on disk, for garbage collection. */
  public Stream<Path> listBlobFiles() throws IOException {
    return Files.walk(blobs, 2).filter(Files::isRegularFile);
  }

  /** Upload files on disk, for garbage collection. */
  public Stream<Path> listUploadFiles() throws IOException {
    return Files.list(uploads).filter(Files::isRegularFile);
  }

  private void commitNow(Path upload, Digest digest) throws IOException {
    Path target = blobPath(digest);
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(upload);
      touch(target);
      return;
    }
    Files.createDirectories(target.getParent());
    try {
      Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(upload);
    }
    // The grace period of garbage collection counts from when a blob was last pushed.
    touch(target);
    force(target.getParent());
  }

  private Optional<Path> trashNow(Digest digest) throws IOException {
    Path source = blobPath(digest);
    Path target = trash.resolve(digest.hex() + "." + UUID.randomUUID());
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      return Optional.of(target);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static Digest hashNow(Path file) throws IOException {
    MessageDigest sha256 = Digest.newSha256();
    byte[] buffer = new byte[HASH_BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        sha256.update(buffer, 0, read);
      }
    }
    return Digest.of(sha256);
  }

  private static void force(Path path) throws IOException {
    StandardOpenOption mode =
        Files.isDirectory(path) ? StandardOpenOption.READ : StandardOpenOption.WRITE;
    try (FileChannel channel = FileChannel.open(path, mode)) {
      channel.force(true);
    }
  }

  private static void touch(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
  }
}
