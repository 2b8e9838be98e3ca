package dev.ops.core.launch;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.qemu.Accelerator;
import dev.ops.core.qemu.AcceleratorProbe;
import dev.ops.core.qemu.HostFacts;
import dev.ops.core.qemu.LaunchOptions;
import dev.ops.core.qemu.MachineType;
import dev.ops.core.qemu.PortForward;
import dev.ops.core.qemu.QemuPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a stored image into a running VM: joins its layers into one initramfs, finds its kernel,
 * checks memory and ports before anything boots, picks the machine and accelerator, and starts QEMU
 * with the resulting plan. The same steps serve {@code ops run}, local instances and the fleet's
 * runners.
 */
public final class Launcher {

  private static final int CPIO_ALIGNMENT = 4;

  /** Under the run directory: what QEMU opens when it runs as a {@link VmUser}. */
  static final String VM_DIRECTORY = "vm";

  private final BlobStore blobs;
  private final KernelCatalogue kernels;
  private final Progress progress;
  private final String qemuBinary;
  private final Path binDirectory;
  private final Optional<VmUser> vmUser;

  /**
   * @param binDirectory where the launcher may install its native helper
   */
  public Launcher(BlobStore blobs, KernelCatalogue kernels, Path binDirectory, Progress progress) {
    this(blobs, kernels, binDirectory, progress, Optional.empty());
  }

  /**
   * @param vmUser the unprivileged account QEMU runs as; empty: this process's own
   */
  public Launcher(
      BlobStore blobs,
      KernelCatalogue kernels,
      Path binDirectory,
      Progress progress,
      Optional<VmUser> vmUser) {
    this.blobs = blobs;
    this.kernels = kernels;
    this.binDirectory = binDirectory;
    this.progress = progress;
    this.vmUser = vmUser;
    this.qemuBinary = HostFacts.QEMU_BINARY;
  }

  /** Prepares everything in {@code runDirectory} and returns the plan, without starting QEMU. */
  public QemuPlan plan(StoredImage image, LaunchOptions options, Path runDirectory) {
    Kernel kernel = kernelOf(image);
    int memory = memoryFor(image, options);
    options.ports().forEach(Launcher::requireFreePort);
    HostFacts host = HostFacts.probe(qemuBinary);
    Accelerator accelerator = new AcceleratorProbe(qemuBinary).choose(options.allowKvm());
    progress.milestone(accelerator.reason());
    MachineType machine = machineFor(options, host);
    Path qemuDirectory =
        vmUser
            .map(user -> user.ownDirectory(runDirectory.resolve(VM_DIRECTORY)))
            .orElse(runDirectory);
    Path initramfs = joinLayers(image.manifest(), qemuDirectory);
    vmUser.ifPresent(user -> user.ownFile(initramfs));
    QemuPlan plan =
        QemuPlan.create(
            new QemuPlan.Inputs(
                qemuBinary,
                readableBy(kernel, qemuDirectory),
                initramfs,
                qemuDirectory,
                memory,
                machine,
                accelerator,
                options,
                host));
    handOverSocketDirectory(plan, qemuDirectory);
    return plan;
  }

  public VirtualMachine start(QemuPlan plan, OutputStream programOutput, OutputStream bootOutput) {
    progress.detail("starting " + plan.displayCommand());
    List<String> leash = new ArrayList<>(List.of(VmLeash.install(binDirectory).toString()));
    vmUser.ifPresent(user -> leash.addAll(user.leashArguments()));
    return VirtualMachine.start(plan, leash, programOutput, bootOutput);
  }

  /** The kernel as the VM's user can open it. */
  private Kernel readableBy(Kernel kernel, Path qemuDirectory) {
    if (vmUser.isEmpty()) {
      return kernel;
    }
    Path vmlinux = vmUser.get().readable(kernel.vmlinux(), qemuDirectory);
    return kernel.withFiles(vmlinux, kernel.modules());
  }

  /** A socket path too long for the run directory moves under /tmp; QEMU must create it there. */
  private void handOverSocketDirectory(QemuPlan plan, Path qemuDirectory) {
    Path socketDirectory = plan.statusSocket().getParent();
    if (vmUser.isPresent() && !socketDirectory.equals(qemuDirectory)) {
      vmUser.get().ownDirectory(socketDirectory);
    }
  }

  private Kernel kernelOf(StoredImage image) {
    String digest = image.config().kernelDigest();
    return kernels
        .findByDigest(digest)
        .orElseThrow(
            () ->
                new OpsException(
                    "image "
                        + image.name()
                        + " was built for kernel "
                        + image.config().kernelName()
                        + " ("
                        + digest
                        + "), which this machine does not have",
                    "rebuild the image, or get that kernel with 'ops kernel list' / 'ops kernel get'"));
  }

  private static int memoryFor(StoredImage image, LaunchOptions options) {
    int minimum = image.config().minimumMemoryMib();
    if (options.memoryMib() == 0) {
      return Math.max(minimum, LaunchOptions.DEFAULT_MEMORY_MIB);
    }
    if (options.memoryMib() < minimum && options.enforceMinimumMemory()) {
      throw new OpsException(
          "image "
              + image.name()
              + " needs at least "
              + minimum
              + " MiB of guest memory and "
              + options.memoryMib()
              + " MiB were asked for: the kernel could not unpack all of "
              + "its files",
          "run it with -m " + minimum + "m or more");
    }
    return options.memoryMib();
  }

  private static MachineType machineFor(LaunchOptions options, HostFacts host) {
    if (options.machine() != null) {
      return options.machine();
    }
    return host.qemuHasMicrovm() ? MachineType.MICROVM : MachineType.Q35;
  }

  /** Fails early and clearly, instead of QEMU's "could not set up host forwarding rule". */
  static void requireFreePort(PortForward port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(
          new java.net.InetSocketAddress(
              InetAddress.getByName(port.hostAddress()), port.hostPort()));
    } catch (IOException e) {
      throw new OpsException(
          "port " + port.hostPort() + " on " + port.hostAddress() + " is already in use",
          "stop what uses it, or forward another host port: -p <free port>:" + port.guestPort());
    }
  }

  /**
   * Linux unpacks concatenated cpio archives one after the other, but only if each starts on a
   * four-byte boundary; every layer is padded to one.
   */
  private Path joinLayers(ImageManifest manifest, Path runDirectory) {
    Path initramfs = runDirectory.resolve("initramfs.cpio");
    try {
      Files.createDirectories(runDirectory);
      try (OutputStream out = Files.newOutputStream(initramfs)) {
        for (ImageManifest.Descriptor layer : manifest.layers()) {
          long written = copyLayer(layer, out);
          out.write(new byte[(int) ((CPIO_ALIGNMENT - written % CPIO_ALIGNMENT) % CPIO_ALIGNMENT)]);
        }
      }
      return initramfs;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + initramfs, e);
    }
  }

  private long copyLayer(ImageManifest.Descriptor layer, OutputStream out) throws IOException {
    Path blob = blobs.path(layer.digest());
    if (!Files.isRegularFile(blob)) {
      throw new OpsException(
          "layer " + layer.digest() + " of the image is missing", "build or pull the image again");
    }
    try (InputStream in = Files.newInputStream(blob)) {
      return in.transferTo(out);
    }
  }
}
