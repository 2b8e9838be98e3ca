package dev.ops.core.instance;

import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.launch.Launcher;
import dev.ops.core.launch.VmUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The supervisor of one instance as a program of its own, for hosts that start instances without
 * the {@code ops} command line (the fleet's runners). It runs until the program ends, so the VM
 * outlives whoever started it; it exits with the program's status.
 *
 * <p>Arguments: the ops home, the kernel cache, the instance's name, the stop grace in seconds, and
 * optionally the unprivileged account QEMU runs as ({@code UID:GID[:GID,...]}, see {@link VmUser}).
 */
public final class SupervisorMain {

  private static final int USAGE_STATUS = 2;

  private SupervisorMain() {}

  public static void main(String[] args) {
    if (args.length != 4 && args.length != 5) {
      System.err.println(
          "usage: SupervisorMain <ops home> <kernel cache> <name> <grace seconds> [<vm user>]");
      System.exit(USAGE_STATUS);
    }
    Optional<VmUser> vmUser =
        args.length == 5 ? Optional.of(VmUser.parse(args[4])) : Optional.empty();
    OpsHome home = new OpsHome(Path.of(args[0]), Path.of(args[1]));
    BlobStore blobs = new BlobStore(home.blobs());
    Launcher launcher =
        new Launcher(
            blobs,
            new KernelCatalogue(home, Progress.SILENT),
            home.root().resolve("bin"),
            Progress.SILENT,
            vmUser);
    InstanceSupervisor supervisor =
        new InstanceSupervisor(
            new InstanceStore(home.instances()), new ImageStore(home.images(), blobs), launcher);
    try {
      System.exit(supervisor.supervise(args[2], Duration.ofSeconds(Long.parseLong(args[3]))));
    } catch (OpsException e) {
      System.err.println("ops supervisor: " + e.getMessage());
      System.exit(dev.ops.core.launch.VmOutcome.VM_FAILURE_STATUS);
    }
  }
}
