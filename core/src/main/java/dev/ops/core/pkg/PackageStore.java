package dev.ops.core.pkg;

import dev.ops.core.OpsException;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.CpioLayerWriter;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.LayerContents;
import dev.ops.core.util.Digests;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Local packages: {@code <root>/<name>/<version>} holds the digest of the package's manifest, an
 * OCI manifest whose config is a {@link PackageConfig} and whose one layer is the package's files
 * as a cpio archive. Blobs live in the same content-addressed store as images, so an image built on
 * a package holds the package's layer by reference, never a copy.
 */
public final class PackageStore {

  /** The name of the package's layer, in packages and in the images built on them. */
  public static final String LAYER_NAME = "package";

  public static final String PACKAGE_NAME = "dev.ops.package.name";
  public static final String PACKAGE_VERSION = "dev.ops.package.version";

  private final Path root;
  private final BlobStore blobs;

  public PackageStore(Path root, BlobStore blobs) {
    this.root = root;
    this.blobs = blobs;
  }

  /** A package on this machine. */
  public record StoredPackage(
      PackageName id, String manifestDigest, ImageManifest manifest, PackageConfig config) {

    /** The layer of the package's files. */
    public BlobDescriptor layer() {
      ImageManifest.Descriptor layer = manifest.layers().get(0);
      return new BlobDescriptor(layer.digest(), layer.size());
    }

    Set<String> digests() {
      Set<String> digests = new HashSet<>();
      digests.add(manifestDigest);
      digests.add(manifest.config().digest());
      manifest.layers().forEach(layer -> digests.add(layer.digest()));
      return digests;
    }
  }

  public BlobStore blobs() {
    return blobs;
  }

  /** Writes the files as the package's layer, then its config and manifest, then its name. */
  public StoredPackage store(PackageConfig config, LayerContents files) {
    if (!files.name().equals(LAYER_NAME)) {
      throw new IllegalArgumentException("a package's layer is named " + LAYER_NAME);
    }
    BlobDescriptor layer = blobs.put(out -> CpioLayerWriter.write(files, out));
    BlobDescriptor configBlob = blobs.put(Json.write(config));
    ImageManifest manifest =
        new ImageManifest(
            2,
            ImageManifest.MEDIA_TYPE,
            PackageConfig.ARTIFACT_TYPE,
            new ImageManifest.Descriptor(
                PackageConfig.MEDIA_TYPE, configBlob.digest(), configBlob.size(), null),
            List.of(
                new ImageManifest.Descriptor(
                    ImageManifest.LAYER_MEDIA_TYPE,
                    layer.digest(),
                    layer.size(),
                    Map.of(ImageManifest.LAYER_NAME, LAYER_NAME))),
            Map.of(PACKAGE_NAME, config.name(), PACKAGE_VERSION, config.version()));
    BlobDescriptor manifestBlob = blobs.put(Json.write(manifest));
    return tag(config.id(), manifestBlob.digest());
  }

  /** Names a manifest already in the blob store (a pulled package) as a local package. */
  public StoredPackage tag(PackageName id, String manifestDigest) {
    if (id.isLatest()) {
      throw new OpsException(
          "'latest' cannot be stored as a version", "give the package a real version");
    }
    StoredPackage stored = read(id, manifestDigest);
    FileTrees.writeAtomically(
        root.resolve(id.name()).resolve(id.version()),
        manifestDigest.getBytes(StandardCharsets.UTF_8));
    return stored;
  }

  /** The package, with {@code latest} meaning the highest version on this machine. */
  public Optional<StoredPackage> find(PackageName id) {
    Optional<String> version =
        id.isLatest() ? highestVersion(id.name()) : Optional.of(id.version());
    if (version.isEmpty()) {
      return Optional.empty();
    }
    Path tag = root.resolve(id.name()).resolve(version.get());
    if (!Files.isRegularFile(tag)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(id.withVersion(version.get()), Files.readString(tag).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public StoredPackage get(PackageName id) {
    return find(id)
        .orElseThrow(
            () ->
                new OpsException(
                    "no package " + id + " on this machine",
                    "see 'ops pkg list'; fetch it with 'ops pkg get "
                        + id
                        + "' or make it with 'ops pkg from-deb'"));
  }

  /** Every local package, by name, then by version (highest last). */
  public List<StoredPackage> list() {
    List<StoredPackage> all = new ArrayList<>();
    for (String name : names()) {
      for (String version : versionsOf(name)) {
        find(new PackageName(name, version)).ifPresent(all::add);
      }
    }
    return all;
  }

  /** Removes the name, then the blobs that neither another package nor {@code keep} uses. */
  public void remove(PackageName id, Set<String> keep) {
    StoredPackage removed = get(id);
    try {
      Files.delete(root.resolve(removed.id().name()).resolve(removed.id().version()));
      try (Stream<Path> left = Files.list(root.resolve(removed.id().name()))) {
        if (left.findAny().isEmpty()) {
          Files.delete(root.resolve(removed.id().name()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> stillUsed = new HashSet<>(keep);
    stillUsed.addAll(digestsInUse());
    removed.digests().stream().filter(digest -> !stillUsed.contains(digest)).forEach(blobs::delete);
  }

  /** Every blob a local package uses, so that removing an image keeps them. */
  public Set<String> digestsInUse() {
    Set<String> digests = new HashSet<>();
    list().forEach(stored -> digests.addAll(stored.digests()));
    return digests;
  }

  private StoredPackage read(PackageName id, String manifestDigest) {
    try {
      if (!Digests.isValid(manifestDigest)) {
        throw new IOException("its name points at '" + manifestDigest + "', not a digest");
      }
      ImageManifest manifest =
          Json.MAPPER.readValue(blobs.read(manifestDigest), ImageManifest.class);
      if (!PackageConfig.ARTIFACT_TYPE.equals(manifest.artifactType())
          || manifest.layers() == null
          || manifest.layers().size() != 1) {
        throw new IOException("its manifest does not describe a package");
      }
      PackageConfig config =
          Json.MAPPER.readValue(blobs.read(manifest.config().digest()), PackageConfig.class);
      return new StoredPackage(id, manifestDigest, manifest, config);
    } catch (IOException | RuntimeException e) {
      throw new OpsException(
          "package " + id + " is damaged: " + e.getMessage(),
          "remove it with 'ops pkg rm " + id + "' and make or fetch it again");
    }
  }

  private Optional<String> highestVersion(String name) {
    List<String> versions = versionsOf(name);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** Package directories; anything else someone put there is passed over. */
  private List<String> names() {
    return listNames(root).stream().filter(PackageName::isValidName).toList();
  }

  private List<String> versionsOf(String name) {
    return listNames(root.resolve(PackageName.requireValidName(name))).stream()
        .sorted(VersionOrder.INSTANCE)
        .toList();
  }

  private static List<String> listNames(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries
          .map(entry -> entry.getFileName().toString())
          .filter(entry -> !entry.startsWith("."))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
