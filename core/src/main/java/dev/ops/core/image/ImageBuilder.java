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
 * Builds an image from an {@link ImageSpec} as a chain of named steps: inspect the program, resolve
 * its libraries, collect the user's files, choose the kernel, write the layers and store the
 * manifest. Layers are separate so that images sharing libraries or a kernel share those blobs.
 */
public final class ImageBuilder {

  static final String INIT_LAYER = "init";
  static final String MODULES_LAYER = "modules";
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
    ProgramFiles program =
        BuildStep.run("inspect program", progress, () -> ProgramFiles.inspect(spec));
    List<LayerEntry> libraries =
        BuildStep.run("resolve libraries", progress, () -> program.libraryEntries());
    List<LayerEntry> userFiles =
        BuildStep.run("collect files", progress, () -> UserFiles.collect(spec));
    Kernel kernel = BuildStep.run("select kernel", progress, () -> kernels.resolve(spec.kernel()));
    ImageStore.StoredImage image =
        BuildStep.run(
            "write layers",
            progress,
            () -> writeImage(spec, name, program, libraries, userFiles, kernel));
    progress.milestone(
        String.format(
            "built image %s (%.1f MiB) in %.1f s",
            name,
            image.manifest().totalLayerSize() / (double) MIB,
            (System.nanoTime() - start) / 1e9));
    return image;
  }

  private ImageStore.StoredImage writeImage(
      ImageSpec spec,
      String name,
      ProgramFiles program,
      List<LayerEntry> libraries,
      List<LayerEntry> userFiles,
      Kernel kernel) {
    Map<String, BlobDescriptor> layers = new LinkedHashMap<>();
    layers.put(MODULES_LAYER, writeLayer(modulesLayer(kernel)));
    LayerContents programLayer = new LayerContents(PROGRAM_LAYER).addAll(userFiles);
    programLayer.add(program.programEntry());
    // A library that the user's Dirs already carry is not stored a second time.
    List<LayerEntry> sharedLibraries =
        libraries.stream().filter(entry -> !programLayer.contains(entry.guestPath())).toList();
    layers.put(
        LIBRARIES_LAYER, writeLayer(new LayerContents(LIBRARIES_LAYER).addAll(sharedLibraries)));
    layers.put(PROGRAM_LAYER, writeLayer(programLayer));
    layers.values().removeIf(layer -> layer == null);

    List<String> layerNames = new ArrayList<>(List.of(INIT_LAYER));
    layerNames.addAll(layers.keySet());
    int minimumMemory = minimumMemoryMib(kernel, layers.values());
    ImageConfig config =
        new ImageConfig(
            program.guestPath(),
            program.argv(spec),
            program.environment(spec),
            kernel.name(),
            kernel.digest(),
            minimumMemory,
            layerNames);
    BlobDescriptor init = writeLayer(initLayer(config, kernel, name, spec));

    Map<String, BlobDescriptor> ordered = new LinkedHashMap<>();
    ordered.put(INIT_LAYER, init);
    ordered.putAll(layers);
    return storeManifest(name, config, ordered, kernel);
  }

  private ImageStore.StoredImage storeManifest(
      String name, ImageConfig config, Map<String, BlobDescriptor> layers, Kernel kernel) {
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
            Map.of(
                ImageManifest.KERNEL_NAME,
                kernel.name(),
                ImageManifest.KERNEL_DIGEST,
                kernel.digest()));
    BlobDescriptor manifestBlob = store.blobs().put(Json.write(manifest));
    store.tag(name, manifestBlob.digest());
    return store.get(name);
  }

  private LayerContents initLayer(ImageConfig config, Kernel kernel, String name, ImageSpec spec) {
    byte[] initConf =
        new InitConfiguration()
            .program(config.program(), config.args())
            .environment(config.env())
            .network(name, spec.nameServers())
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
