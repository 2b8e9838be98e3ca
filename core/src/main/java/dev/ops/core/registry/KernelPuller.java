package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.kernel.KernelStore;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Pulls a {@link KernelArtifact} into the local kernel store. The files are fetched into the
 * store's scratch space, checked, and committed whole, so a failed pull leaves no kernel behind.
 */
public final class KernelPuller {

  private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final RegistryClient client;
  private final KernelStore kernels;
  private final Progress progress;

  public KernelPuller(RegistryClient client, KernelStore kernels, Progress progress) {
    this.client = client;
    this.kernels = kernels;
    this.progress = progress;
  }

  public KernelPullResult pull(ImageReference source) {
    return pull(source, null);
  }

  /**
   * Finds a kernel by name in {@code kernels/<flavour>} of this client's registry, for each known
   * flavour, and pulls it.
   *
   * @param expectedDigest the vmlinux digest an image recorded, or {@code null} for any
   */
  public KernelPullResult pullNamed(String kernelName, String expectedDigest) {
    for (String flavour : KernelArtifact.FLAVOURS) {
      String repository = KernelArtifact.repository(flavour);
      if (client.findManifest(repository, kernelName).isPresent()) {
        return pull(ImageReference.of(client.registry(), repository, kernelName), expectedDigest);
      }
    }
    throw new OpsException(
        "kernel "
            + kernelName
            + " is neither on this machine nor in registry "
            + client.registry()
            + " (looked for "
            + String.join(
                " and ",
                KernelArtifact.FLAVOURS.stream()
                    .map(f -> KernelArtifact.repository(f) + ":" + kernelName)
                    .toList())
            + ")",
        "push it from a machine that has it: 'ops kernel push " + kernelName + "'");
  }

  private KernelPullResult pull(ImageReference source, String expectedDigest) {
    client.requireServes(source);
    progress.milestone("pulling kernel " + source);
    Manifest manifest = client.pullManifest(source.repository(), source.reference());
    ImageManifest artifact = ImageManifests.readKernel(manifest, source);
    KernelArtifactConfig config = readConfig(source, artifact.config());
    requireExpected(source, config, expectedDigest);
    ImageReference pinned = source.withDigest(manifest.digest());

    Optional<Kernel> local = kernels.find(config.name());
    if (local.isPresent()) {
      return alreadyLocal(local.get(), config, pinned);
    }
    return fetch(source.repository(), artifact, config, pinned);
  }

  private KernelPullResult fetch(
      String repository,
      ImageManifest artifact,
      KernelArtifactConfig config,
      ImageReference pinned) {
    ImageManifest.Descriptor vmlinux = vmlinuxLayer(artifact, config, pinned);
    Map<String, ImageManifest.Descriptor> modules = moduleLayers(artifact, pinned);
    Path scratch = kernels.scratchDirectory();
    try {
      Path vmlinuxFile = scratch.resolve("vmlinux");
      client.pullBlob(repository, blobOf(vmlinux), vmlinuxFile);
      List<KernelModule> files = new ArrayList<>();
      for (KernelArtifactConfig.Module module : config.modules()) {
        files.add(fetchModule(repository, moduleLayer(modules, module, pinned), module, scratch));
      }
      Kernel stored = kernels.commit(scratch, kernelOf(config, vmlinuxFile, files));
      return new KernelPullResult(stored, pinned, countOf(artifact), false);
    } finally {
      FileTrees.deleteQuietly(scratch);
    }
  }

  private KernelModule fetchModule(
      String repository,
      ImageManifest.Descriptor layer,
      KernelArtifactConfig.Module module,
      Path scratch) {
    Path file = scratch.resolve("modules").resolve(module.name() + ".ko");
    client.pullBlob(repository, blobOf(layer), file);
    return new KernelModule(module.name(), file, module.guestPath());
  }

  /** Everything the artifact holds was received: its config and every layer. */
  private static TransferCount countOf(ImageManifest artifact) {
    TransferCount count = TransferCount.NONE.plusTransferred(artifact.config().size());
    for (ImageManifest.Descriptor layer : artifact.layers()) {
      count = count.plusTransferred(layer.size());
    }
    return count;
  }

  private static KernelPullResult alreadyLocal(
      Kernel local, KernelArtifactConfig config, ImageReference pinned) {
    if (!local.digest().equals(config.digest())) {
      throw new OpsException(
          "this machine has another kernel named "
              + config.name()
              + " ("
              + local.digest()
              + ", where "
              + pinned
              + " has "
              + config.digest()
              + ")",
          "remove it with 'ops kernel rm " + config.name() + "' if it is not needed, then pull");
    }
    return new KernelPullResult(local, pinned, TransferCount.NONE.plusSkipped(), true);
  }

  private KernelArtifactConfig readConfig(ImageReference source, ImageManifest.Descriptor config) {
    byte[] bytes = client.pullBlob(source.repository(), blobOf(config));
    try {
      KernelArtifactConfig parsed = Json.MAPPER.readValue(bytes, KernelArtifactConfig.class);
      if (parsed.name() == null
          || parsed.flavour() == null
          || parsed.digest() == null
          || parsed.modules() == null
          || parsed.bootOptions() == null) {
        throw malformed(source, "its config lacks name, flavour, digest, modules or bootOptions");
      }
      return parsed;
    } catch (IOException e) {
      throw new OpsException(
          "the config of kernel " + source + " does not read: " + e.getMessage(),
          "pull it with a newer ops, or push the kernel again");
    }
  }

  private static void requireExpected(
      ImageReference source, KernelArtifactConfig config, String expectedDigest) {
    if (expectedDigest != null && !expectedDigest.equals(config.digest())) {
      throw new OpsException(
          "kernel "
              + source
              + " is not the one the image was built with: its vmlinux is "
              + config.digest()
              + ", the image needs "
              + expectedDigest,
          "push the right kernel from the machine that built the image ('ops image push' pushes"
              + " it along), or rebuild the image with this kernel");
    }
  }

  private static ImageManifest.Descriptor vmlinuxLayer(
      ImageManifest artifact, KernelArtifactConfig config, ImageReference source) {
    return artifact.layers().stream()
        .filter(layer -> KernelArtifact.VMLINUX_MEDIA_TYPE.equals(layer.mediaType()))
        .filter(layer -> layer.digest().equals(config.digest()))
        .findFirst()
        .orElseThrow(
            () -> malformed(source, "no vmlinux layer with the digest " + config.digest()));
  }

  private static Map<String, ImageManifest.Descriptor> moduleLayers(
      ImageManifest artifact, ImageReference source) {
    Map<String, ImageManifest.Descriptor> modules = new HashMap<>();
    for (ImageManifest.Descriptor layer : artifact.layers()) {
      if (KernelArtifact.MODULE_MEDIA_TYPE.equals(layer.mediaType())) {
        String name =
            layer.annotations() == null
                ? null
                : layer.annotations().get(KernelArtifact.MODULE_NAME);
        if (name == null || !MODULE_NAME.matcher(name).matches()) {
          throw malformed(source, "a module layer is named '" + name + "'");
        }
        modules.put(name, layer);
      }
    }
    return modules;
  }

  private static ImageManifest.Descriptor moduleLayer(
      Map<String, ImageManifest.Descriptor> modules,
      KernelArtifactConfig.Module module,
      ImageReference source) {
    ImageManifest.Descriptor layer = modules.get(module.name());
    if (layer == null) {
      throw malformed(source, "module " + module.name() + " has no layer");
    }
    return layer;
  }

  private static Kernel kernelOf(
      KernelArtifactConfig config, Path vmlinux, List<KernelModule> modules) {
    return new Kernel(
        config.name(),
        config.flavour(),
        config.version(),
        vmlinux,
        config.digest(),
        modules,
        config.microvmNeedsAcpi(),
        config.baseMemoryMib(),
        config.bootOptions());
  }

  private static BlobDescriptor blobOf(ImageManifest.Descriptor descriptor) {
    return new BlobDescriptor(descriptor.digest(), descriptor.size());
  }

  private static OpsException malformed(ImageReference source, String why) {
    return new OpsException(
        "kernel " + source + " is malformed: " + why,
        "push the kernel again with 'ops kernel push'");
  }
}
