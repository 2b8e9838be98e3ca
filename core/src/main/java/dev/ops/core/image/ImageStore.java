package dev.ops.core.image;

import dev.ops.core.OpsException;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.util.Digests;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Local images: a name points at a manifest digest; manifests, configs and layers are blobs.
 * Removing an image removes the blobs no other image uses.
 */
public final class ImageStore {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

  private final Path tags;
  private final BlobStore blobs;

  public ImageStore(Path tags, BlobStore blobs) {
    this.tags = tags;
    this.blobs = blobs;
  }

  /** A stored image as listed. */
  public record StoredImage(
      String name,
      String manifestDigest,
      ImageManifest manifest,
      ImageConfig config,
      Instant created) {}

  public static String requireValidName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new OpsException(
          "'" + name + "' is not a valid image name",
          "use lower case letters, digits, '.', '_' and '-', starting with a letter or digit");
    }
    return name;
  }

  public BlobStore blobs() {
    return blobs;
  }

  public void tag(String name, String manifestDigest) {
    FileTrees.writeAtomically(
        tags.resolve(requireValidName(name)), manifestDigest.getBytes(StandardCharsets.UTF_8));
  }

  public Optional<StoredImage> find(String name) {
    Path tag = tags.resolve(requireValidName(name));
    if (!Files.isRegularFile(tag)) {
      return Optional.empty();
    }
    try {
      String digest = Files.readString(tag).strip();
      if (!Digests.isValid(digest)) {
        throw new IOException("its name points at '" + digest + "', not a digest");
      }
      ImageManifest manifest = Json.MAPPER.readValue(blobs.read(digest), ImageManifest.class);
      ImageConfig config =
          Json.MAPPER.readValue(blobs.read(manifest.config().digest()), ImageConfig.class);
      return Optional.of(
          new StoredImage(
              name, digest, manifest, config, Files.getLastModifiedTime(tag).toInstant()));
    } catch (IOException e) {
      throw new OpsException(
          "image " + name + " is damaged: " + e.getMessage(),
          "remove it with 'ops image rm " + name + "' and build it again");
    }
  }

  public StoredImage get(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new OpsException(
                    "no image named " + name,
                    "see 'ops image list', or build it with 'ops build'"));
  }

  public List<StoredImage> list() {
    if (!Files.isDirectory(tags)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(tags)) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> NAME.matcher(name).matches())
          .sorted()
          .map(this::find)
          .flatMap(Optional::stream)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the name, then every blob that no remaining image refers to. */
  public void remove(String name) {
    remove(name, Set.of());
  }

  /** Removes the name, then every blob that neither a remaining image nor {@code keep} uses. */
  public void remove(String name, Set<String> keep) {
    StoredImage image = get(name);
    try {
      Files.delete(tags.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> stillUsed = new HashSet<>(keep);
    stillUsed.addAll(digestsInUse());
    blobsOf(image).stream().filter(digest -> !stillUsed.contains(digest)).forEach(blobs::delete);
  }

  /** Every blob a local image uses, so that removing a package keeps them. */
  public Set<String> digestsInUse() {
    Set<String> digests = new HashSet<>();
    list().forEach(image -> digests.addAll(blobsOf(image)));
    return digests;
  }

  private static Set<String> blobsOf(StoredImage image) {
    Set<String> digests = new HashSet<>();
    digests.add(image.manifestDigest());
    digests.add(image.manifest().config().digest());
    image.manifest().layers().forEach(layer -> digests.add(layer.digest()));
    return digests;
  }
}
