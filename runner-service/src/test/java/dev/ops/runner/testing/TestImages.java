package dev.ops.runner.testing;

import dev.ops.builder.testing.LocalRegistry;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.ImagePusher;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Images for runner tests, built with the core from small C programs and pushed to the test's
 * registry with their kernel, as a user's {@code ops image push} would. Kernels come from the
 * machine's cache ({@code ./run-tests} builds the minimal one first).
 */
public final class TestImages {

  private final Path directory;
  private final OpsHome home;
  private final ImageStore images;
  private final KernelCatalogue kernels;
  private final BlobStore blobs;
  private final RegistryClient client;
  private final String registry;

  public TestImages(Path directory, LocalRegistry registry) {
    this.directory = directory;
    this.home = new OpsHome(directory.resolve("home"), OpsHome.fromEnvironment().kernels());
    this.blobs = new BlobStore(home.blobs());
    this.images = new ImageStore(home.images(), blobs);
    this.kernels = new KernelCatalogue(home, Progress.SILENT);
    this.client = new RegistryClient(registry.url(), Optional.empty(), Progress.SILENT);
    this.registry = registry.url().getAuthority();
  }

  /** The name of the machine's kernel of {@code flavour}, as pushed with images. */
  public String kernelName(String flavour) {
    return kernels.resolve(flavour).name();
  }

  /** Compiles {@code source} statically, builds its image on {@code kernel} and pushes it. */
  public ImageReference push(String name, String source, String kernel) {
    Path program = compile(name, source);
    StoredImage image =
        new ImageBuilder(images, kernels, Progress.SILENT)
            .build(ImageSpec.of(program).withKernel(kernel), name);
    ImageReference target = ImageReference.of(registry, "tests/" + name, "1");
    new ImagePusher(client, blobs, kernels.store(), Progress.SILENT).push(image, target);
    return target.withDigest(image.manifestDigest());
  }

  /** Compiles {@code source} statically into a program of this name. */
  public Path compile(String name, String source) {
    try {
      Path file = Files.writeString(directory.resolve(name + ".c"), source);
      Path program = directory.resolve(name);
      List<String> command =
          new ArrayList<>(List.of("gcc", "-O1", "-static", "-o", program.toString()));
      command.add(file.toString());
      Process gcc = new ProcessBuilder(command).inheritIO().start();
      if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("gcc failed for " + name);
      }
      return program;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
