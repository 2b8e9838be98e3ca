package dev.ops.core.registry;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.util.Digests;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Pushes a local kernel as a {@link KernelArtifact}, sending only the blobs the registry lacks. */
public final class KernelPusher {

  private final RegistryClient client;
  private final Progress progress;

  public KernelPusher(RegistryClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Pushes to the usual place, {@code kernels/<flavour>:<name>}. */
  public PushResult push(Kernel kernel) {
    return push(kernel, KernelArtifact.reference(client.registry(), kernel));
  }

  public PushResult push(Kernel kernel, ImageReference target) {
    client.requireServes(target);
    progress.milestone("pushing kernel " + kernel.name() + " to " + target);
    KernelArtifactConfig config = KernelArtifactConfig.of(kernel);
    LocalBlob configBlob = LocalBlob.ofBytes("the kernel's config", Json.write(config));
    LocalBlob vmlinux = fileBlob("vmlinux", kernel.vmlinux(), kernel.digest());
    List<LocalBlob> modules = modulesOf(kernel);

    List<LocalBlob> all = new ArrayList<>(List.of(configBlob, vmlinux));
    all.addAll(modules);
    TransferCount count = MissingBlobs.push(client, target.repository(), all, progress);

    ImageManifest manifest =
        KernelArtifact.manifest(
            config,
            configBlob.blob(),
            vmlinux.blob(),
            modules.stream().map(LocalBlob::blob).toList());
    String digest =
        client.pushManifest(
            target.repository(),
            target.reference(),
            Json.write(manifest),
            ImageManifest.MEDIA_TYPE);
    return new PushResult(target, digest, count);
  }

  private static List<LocalBlob> modulesOf(Kernel kernel) {
    List<LocalBlob> modules = new ArrayList<>();
    for (KernelModule module : kernel.modules()) {
      modules.add(fileBlob("module " + module.name(), module.file(), Digests.of(module.file())));
    }
    return modules;
  }

  /** The vmlinux's digest is the kernel's own, computed when it was stored. */
  private static LocalBlob fileBlob(String label, Path file, String digest) {
    try {
      return LocalBlob.ofFile(label, new BlobDescriptor(digest, Files.size(file)), file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
