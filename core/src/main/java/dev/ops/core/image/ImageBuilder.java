package dev.ops.core.image;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an image as a chain of named steps. Planning (inspect the program, resolve its libraries,
 * collect the user's files) says what goes into the image and reads only the user's machine;
 * building (choose the kernel, write the layers, store the manifest) works from a {@link BuildPlan}
 * alone, wherever its files came from. Layers are separate so that images sharing libraries or a
 * kernel share those blobs.
 */
public final class ImageBuilder {

  static final String INIT_LAYER = "init";
  static final String MODULES_LAYER = "modules";
  static final String PACKAGE_LAYER = "package";
  static final String LIBRARIES_LAYER = "libraries";
  static final String PROGRAM_LAYER = "program";
  private static final String INIT_RESOURCE = "/dev/ops/guest/init";
  private static final int MIB = 1 << 20;

  /** Room for the program's own heap and stack on top of kernel and files. */
  private static final int PROGRAM_HEADROOM_MIB = 16;

  private static final int UNPACK_FACTOR = 3;

  private final ImageStore store;
  private final KernelCatalogue kernels;
  private final Progress progress;

  public ImageBuilder(ImageStore store, KernelCatalogue kernels, Progress progress) {
    this.store = store;
    this.kernels = kernels;
    this.progress = progress;
  }

  /** Builds the image and stores it under {@code name}. */
  public ImageStore.StoredImage build(ImageSpec spec, String name) {
    ImageStore.requireValidName(name);
    long start = System.nanoTime();
    return reportBuilt(writeImage(plan(spec), name), start);
  }

  /**
   * Builds the image a plan describes and stores it under {@code name}, which is also the guest's
   * host name. The plan's files are read where its entries say, so a plan made from downloaded
   * blobs gives the same image as the local build it was made from.
   */
  public ImageStore.StoredImage build(BuildPlan plan, String name) {
    ImageStore.requireValidName(name);
    long start = System.nanoTime();
    return reportBuilt(writeImage(plan, name), start);
  }

  /**
   * What goes into the image of {@code spec}: the program, its closure and the user's files, read
   * on this machine. The kernel is only named here; building resolves it.
   */
  public BuildPlan plan(ImageSpec spec) {
    ProgramFiles program =
        BuildStep.run("inspect program", progress, () -> ProgramFiles.inspect(spec));
    List<LayerEntry> closure =
        BuildStep.run("resolve libraries", progress, () -> program.libraryEntries());
    List<LayerEntry> userFiles =
        BuildStep.run("collect files", progress, () -> UserFiles.collect(spec));
    List<LayerEntry.Symlink> links = new ArrayList<>(linksOf(closure));
    links.addAll(linksOf(userFiles));
    return new BuildPlan(
        program.guestPath(),
        program.programEntry(),
        spec.args(),
        program.environment(spec),
        closure.stream()
            .filter(LayerEntry.HostFile.class::isInstance)
            .map(LayerEntry.HostFile.class::cast)
            .toList(),
        userFiles.stream().filter(entry -> !(entry instanceof LayerEntry.Symlink)).toList(),
        links,
        spec.nameServers(),
        spec.kernel());
  }

  private static List<LayerEntry.Symlink> linksOf(List<LayerEntry> entries) {
    return entries.stream()
        .filter(LayerEntry.Symlink.class::isInstance)
        .map(LayerEntry.Symlink.class::cast)
        .toList();
  }

  private ImageStore.StoredImage reportBuilt(ImageStore.StoredImage image, long start) {
    progress.milestone(
        String.format(
            "built image %s (%.1f MiB) in %.1f s",
            image.name(),
            image.manifest().totalLayerSize() / (double) MIB,
            (System.nanoTime() - start) / 1e9));
    return image;
  }

  private ImageStore.StoredImage writeImage(BuildPlan plan, String name) {
    Kernel kernel = BuildStep.run("select kernel", progress, () -> kernels.resolve(plan.kernel()));
    return BuildStep.run("write layers", progress, () -> writeLayers(plan, name, kernel));
  }

  private ImageStore.StoredImage writeLayers(BuildPlan plan, String name, Kernel kernel) {
    LayerAssignment assignment = LayerAssignment.of(plan);
    Map<String, BlobDescriptor> layers = new LinkedHashMap<>();
    layers.put(MODULES_LAYER, writeLayer(modulesLayer(kernel)));
    layers.put(PACKAGE_LAYER, packageLayer(plan));
    layers.put(LIBRARIES_LAYER, writeLayer(assignment.libraries()));
    layers.put(PROGRAM_LAYER, writeLayer(assignment.program()));
    layers.values().removeIf(layer -> layer == null);

    List<String> layerNames = new ArrayList<>(List.of(INIT_LAYER));
    layerNames.addAll(layers.keySet());
    int minimumMemory = minimumMemoryMib(kernel, layers.values());
    ImageConfig config =
        new ImageConfig(
            plan.programPath(),
            plan.argv(),
            plan.env(),
            kernel.name(),
            kernel.digest(),
            minimumMemory,
            layerNames);
    BlobDescriptor init = writeLayer(initLayer(config, kernel, name, plan.nameServers()));

    Map<String, BlobDescriptor> ordered = new LinkedHashMap<>();
    ordered.put(INIT_LAYER, init);
    ordered.putAll(layers);
    return storeManifest(name, config, ordered, kernelAnnotations(kernel, plan));
  }

  /** A package's layer goes in as the package stores it, so images on one package share it. */
  private BlobDescriptor packageLayer(BuildPlan plan) {
    if (plan.packageLayer() == null) {
      return null;
    }
    BlobDescriptor layer = plan.packageLayer().layer();
    if (!store.blobs().contains(layer.digest())) {
      throw new OpsException(
          "the layer of package "
              + plan.packageLayer().name()
              + ":"
              + plan.packageLayer().version()
              + " is missing from the blob store",
          "remove the package with 'ops pkg rm' and make or fetch it again");
    }
    return layer;
  }

  private static Map<String, String> kernelAnnotations(Kernel kernel, BuildPlan plan) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ImageManifest.KERNEL_NAME, kernel.name());
    annotations.put(ImageManifest.KERNEL_DIGEST, kernel.digest());
    if (plan.packageLayer() != null) {
      annotations.put(
          ImageManifest.PACKAGE, plan.packageLayer().name() + ":" + plan.packageLayer().version());
    }
    return annotations;
  }

  private ImageStore.StoredImage storeManifest(
      String name,
      ImageConfig config,
      Map<String, BlobDescriptor> layers,
      Map<String, String> annotations) {
    BlobDescriptor configBlob = store.blobs().put(Json.write(config));
    List<ImageManifest.Descriptor> layerDescriptors = new ArrayList<>();
    layers.forEach(
        (layerName, blob) ->
            layerDescriptors.add(
                new ImageManifest.Descriptor(
                    ImageManifest.LAYER_MEDIA_TYPE,
                    blob.digest(),
                    blob.size(),
                    Map.of(ImageManifest.LAYER_NAME, layerName))));
    ImageManifest manifest =
        new ImageManifest(
            2,
            ImageManifest.MEDIA_TYPE,
            ImageManifest.ARTIFACT_TYPE,
            new ImageManifest.Descriptor(
                ImageConfig.MEDIA_TYPE, configBlob.digest(), configBlob.size(), null),
            layerDescriptors,
            annotations);
    BlobDescriptor manifestBlob = store.blobs().put(Json.write(manifest));
    store.tag(name, manifestBlob.digest());
    return store.get(name);
  }

  private LayerContents initLayer(
      ImageConfig config, Kernel kernel, String name, List<String> nameServers) {
    byte[] initConf =
        new InitConfiguration()
            .program(config.program(), config.args())
            .environment(config.env())
            .network(name, nameServers)
            .modules(kernel.modules().stream().map(KernelModule::guestPath).toList())
            .layers(config.layers(), config.minimumMemoryMib())
            .toBytes();
    LayerContents layer = new LayerContents(INIT_LAYER);
    layer.add(new LayerEntry.Content("/init", 0755, initBinary()));
    layer.add(new LayerEntry.Content(InitConfiguration.GUEST_PATH, 0644, initConf));
    for (String directory : List.of("/dev", "/proc", "/sys", "/tmp", "/run", "/etc")) {
      layer.add(new LayerEntry.Directory(directory, LayerContents.DIRECTORY_MODE));
    }
    return layer;
  }

  private static LayerContents modulesLayer(Kernel kernel) {
    LayerContents layer = new LayerContents(MODULES_LAYER);
    for (KernelModule module : kernel.modules()) {
      layer.add(new LayerEntry.HostFile(module.guestPath(), 0644, module.file()));
    }
    return layer;
  }

  /** Writes a layer into the blob store; an empty layer is left out of the image. */
  private BlobDescriptor writeLayer(LayerContents contents) {
    if (contents.isEmpty()) {
      return null;
    }
    return store.blobs().put(out -> CpioLayerWriter.write(contents, out));
  }

  /**
   * The initramfs is in memory twice while the kernel unpacks it (the archive and the files), the
   * files stay in RAM for good, and each small file takes whole pages; too little memory truncates
   * the unpacking silently. Measured with the stock kernel: an 80 MiB Python image failed at 288
   * MiB and booted at 300 MiB, so three times the layers is the safe side.
   */
  private static int minimumMemoryMib(Kernel kernel, Iterable<BlobDescriptor> layers) {
    long bytes = 0;
    for (BlobDescriptor layer : layers) {
      bytes += layer.size();
    }
    long layersMib = (UNPACK_FACTOR * bytes + MIB - 1) / MIB;
    return (int) (kernel.baseMemoryMib() + layersMib + PROGRAM_HEADROOM_MIB);
  }

  private static byte[] initBinary() {
    try (InputStream in = ImageBuilder.class.getResourceAsStream(INIT_RESOURCE)) {
      if (in == null) {
        throw new OpsException(
            "the guest init is missing from the ops jar",
            "rebuild ops with 'mvn package' (the guest module compiles it with gcc)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      throw new OpsException("cannot read " + path + ": " + e.getMessage());
    }
  }
}
