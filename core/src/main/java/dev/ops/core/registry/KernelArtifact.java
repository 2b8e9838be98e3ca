package dev.ops.core.registry;

import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.kernel.Kernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a kernel is stored in a registry: an OCI manifest of artifact type {@value #ARTIFACT_TYPE} in
 * the repository {@code kernels/<flavour>}, tagged with the kernel's name. Its config is a {@link
 * KernelArtifactConfig}; its layers are the vmlinux, then each module in load order, annotated with
 * its name.
 */
public final class KernelArtifact {

  public static final String ARTIFACT_TYPE = "application/vnd.ops.kernel.v1";
  public static final String CONFIG_MEDIA_TYPE = "application/vnd.ops.kernel.config.v1+json";
  public static final String VMLINUX_MEDIA_TYPE = "application/vnd.ops.kernel.vmlinux";
  public static final String MODULE_MEDIA_TYPE = "application/vnd.ops.kernel.module";
  public static final String MODULE_NAME = "dev.ops.kernel.module.name";
  public static final String FLAVOUR = "dev.ops.kernel.flavour";

  /** The OCI annotation tools such as oras use as the file name of a layer. */
  public static final String TITLE = "org.opencontainers.image.title";

  public static final String REPOSITORY_PREFIX = "kernels/";

  /** Where a puller looks for a kernel it knows only by name, most likely first. */
  public static final List<String> FLAVOURS = List.of(Kernel.MINIMAL, Kernel.STOCK);

  private KernelArtifact() {}

  public static String repository(String flavour) {
    return ImageReference.requireRepository(REPOSITORY_PREFIX + flavour);
  }

  /** Where a kernel goes in a registry: {@code <registry>/kernels/<flavour>:<name>}. */
  public static ImageReference reference(String registry, Kernel kernel) {
    return ImageReference.of(registry, repository(kernel.flavour()), kernel.name());
  }

  static ImageManifest manifest(
      KernelArtifactConfig config,
      BlobDescriptor configBlob,
      BlobDescriptor vmlinux,
      List<BlobDescriptor> modules) {
    List<ImageManifest.Descriptor> layers = new ArrayList<>();
    layers.add(layer(VMLINUX_MEDIA_TYPE, vmlinux, Map.of(TITLE, "vmlinux")));
    for (int i = 0; i < modules.size(); i++) {
      String name = config.modules().get(i).name();
      layers.add(
          layer(MODULE_MEDIA_TYPE, modules.get(i), Map.of(MODULE_NAME, name, TITLE, name + ".ko")));
    }
    return new ImageManifest(
        2,
        ImageManifest.MEDIA_TYPE,
        ARTIFACT_TYPE,
        layer(CONFIG_MEDIA_TYPE, configBlob, null),
        layers,
        annotations(config));
  }

  private static ImageManifest.Descriptor layer(
      String mediaType, BlobDescriptor blob, Map<String, String> annotations) {
    return new ImageManifest.Descriptor(mediaType, blob.digest(), blob.size(), annotations);
  }

  private static Map<String, String> annotations(KernelArtifactConfig config) {
    return Map.of(
        ImageManifest.KERNEL_NAME,
        config.name(),
        ImageManifest.KERNEL_DIGEST,
        config.digest(),
        FLAVOUR,
        config.flavour());
  }
}
