package dev.ops.runner.host;

import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.ImagePullResult;
import dev.ops.core.registry.ImagePuller;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runner's images and kernels, pulled by digest from the registry: every blob verified, shared
 * by all instances of the image, and evicted least recently used first once the cache outgrows its
 * limit, never while an instance uses it.
 */
public final class ImageCache {

  private static final String PULLING = "fleet-pulling";

  private final ImageStore images;
  private final BlobStore blobs;
  private final Path tagDirectory;
  private final Path blobDirectory;
  private final ImagePuller puller;
  private final RegistryClient client;
  private final long maxBytes;
  private final String registry;

  public ImageCache(OpsHome home, RegistryClient client, long maxBytes) {
    this.blobs = new BlobStore(home.blobs());
    this.images = new ImageStore(home.images(), blobs);
    KernelCatalogue kernels = new KernelCatalogue(home, Progress.SILENT);
    this.puller = new ImagePuller(client, images, kernels.store(), Progress.SILENT);
    this.client = client;
    this.maxBytes = maxBytes;
    this.registry = client.registry();
    this.tagDirectory = home.images();
    this.blobDirectory = home.blobs();
  }

  /**
   * The reference a launch names, in this runner's registry, pinned to its digest when it gives
   * one. A launch may leave the registry out. One that names another host is pulled from this
   * runner's registry only when pinned by digest (the digest makes it the same image whatever the
   * host is called from where the launch was made); unpinned, it is refused.
   */
  public ImageReference referenceOf(String image, String digest) {
    ImageReference named = ImageReference.parse(image, Optional.of(registry));
    if (!named.registry().equals(registry) && digest == null) {
      throw new OpsException(
          "the launch names an image in "
              + named.registry()
              + " without a digest; this runner pulls from "
              + registry,
          "pin the image by digest, or name it in " + registry);
    }
    ImageReference local =
        new ImageReference(registry, named.repository(), named.tag(), named.digest());
    return digest == null ? local : local.withDigest(digest);
  }

  /** The local name of an image: its digest, so two tags of one image share an entry. */
  public static String localName(String manifestDigest) {
    return "fleet-" + manifestDigest.substring(manifestDigest.indexOf(':') + 1, 40);
  }

  /** The reference pinned to the digest its tag names now, when it names no digest itself. */
  public ImageReference pinned(ImageReference reference) {
    if (reference.digest() != null) {
      return reference;
    }
    String digest =
        client
            .findManifest(reference.repository(), reference.tag())
            .orElseThrow(
                () ->
                    new OpsException(
                        "the registry has no image " + reference,
                        "push it first, or check the launch's image reference"));
    return reference.withDigest(digest);
  }

  /** Bytes to download for the image, 0 when it is cached. */
  public long bytesToPull(ImageReference reference) {
    if (reference.digest() != null && images.find(localName(reference.digest())).isPresent()) {
      return 0;
    }
    return puller.bytesMissing(reference);
  }

  /** Pulls what is missing and returns the image's local name. */
  public synchronized String ensure(ImageReference reference) {
    if (reference.digest() != null) {
      String name = localName(reference.digest());
      if (images.find(name).isPresent()) {
        touch(name);
        return name;
      }
    }
    if (reference.digest() != null) {
      return puller.pull(reference, localName(reference.digest())).name();
    }
    ImagePullResult pulled = puller.pull(reference, PULLING);
    String name = localName(pulled.digest());
    images.tag(name, pulled.digest());
    images.remove(PULLING, Set.of(pulled.digest()));
    return name;
  }

  public StoredImage get(String name) {
    return images.get(name);
  }

  /** Bytes of blobs held (images, kernels excepted). */
  public long size() {
    if (!Files.isDirectory(blobDirectory)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(blobDirectory)) {
      return files.filter(Files::isRegularFile).mapToLong(ImageCache::sizeOf).sum();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Removes images no instance uses, oldest use first, until the cache fits its limit. */
  public synchronized int evict(Set<String> inUse) {
    int removed = 0;
    for (StoredImage image :
        images.list().stream()
            .filter(image -> !inUse.contains(image.name()))
            .sorted(Comparator.comparing(image -> lastUse(image.name())))
            .toList()) {
      if (size() <= maxBytes) {
        break;
      }
      images.remove(image.name(), Set.of());
      removed++;
    }
    return removed;
  }

  private void touch(String name) {
    try {
      Files.setLastModifiedTime(
          tagFile(name), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long lastUse(String name) {
    try {
      return Files.getLastModifiedTime(tagFile(name)).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private Path tagFile(String name) {
    Path file = tagDirectory.resolve(ImageStore.requireValidName(name));
    if (!Files.exists(file)) {
      throw new OpsException("image " + name + " is not in the runner's cache");
    }
    return file;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
