package dev.ops.core.qemu;

import dev.ops.core.kernel.Kernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The QEMU command line for one VM, as an argument list (never a shell string). Pure: the same
 * inputs give the same arguments, which the tests check.
 *
 * <p>The layout: the console is the first serial port on QEMU's standard output; the second serial
 * port, on a UNIX socket, is the status channel the guest init reports on and takes stop requests
 * from; {@code isa-debug-exit} carries the exit status when nothing else can; user-mode networking
 * forwards the requested ports; a virtio RNG keeps programs from waiting for entropy.
 */
public record QemuPlan(
    List<String> arguments,
    Path statusSocket,
    int memoryMib,
    MachineType machine,
    Accelerator accelerator) {

  private static final String STATUS_SOCKET = "status.sock";

  /**
   * Linux's {@code sun_path} holds 108 bytes with the terminating NUL; QEMU and Java refused paths
   * near that limit, so a margin is kept.
   */
  private static final int MAX_SOCKET_PATH_BYTES = 100;

  /** The init writes its status here; QEMU then exits with {@code (status << 1) | 1}. */
  public static final String DEBUG_EXIT_PORT = "0x501";

  static final String STATUS_SERIAL_PORT = "0x2f8";

  /** Everything {@link #create} needs. */
  public record Inputs(
      String qemuBinary,
      Kernel kernel,
      Path initramfs,
      Path runDirectory,
      int memoryMib,
      MachineType machine,
      Accelerator accelerator,
      LaunchOptions options,
      HostFacts host) {}

  /** Words a shell takes as they are: no spaces, quotes, globs, variables or operators. */
  private static final Pattern NEEDS_NO_QUOTES = Pattern.compile("[A-Za-z0-9_/.,:=@%+-]+");

  /**
   * The command as a shell would need it, for people to read and paste: words with spaces or other
   * special characters are single-quoted. ops itself never runs it through a shell.
   */
  public String displayCommand() {
    return String.join(" ", arguments.stream().map(QemuPlan::shellQuoted).toList());
  }

  static String shellQuoted(String word) {
    if (NEEDS_NO_QUOTES.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  public static QemuPlan create(Inputs in) {
    Path statusSocket = statusSocketFor(in.runDirectory());
    List<String> args = new ArrayList<>();
    args.add(in.qemuBinary());
    args.addAll(List.of("-machine", machineOption(in), "-accel", in.accelerator().name()));
    if (in.accelerator().isKvm()) {
      args.addAll(List.of("-cpu", "host"));
    }
    args.addAll(List.of("-m", in.memoryMib() + "M", "-smp", Integer.toString(in.options().cpus())));
    args.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-no-reboot"));
    args.addAll(sandbox(in));
    args.addAll(
        List.of(
            "-kernel",
            in.kernel().vmlinux().toString(),
            "-initrd",
            in.initramfs().toString(),
            "-append",
            String.join(" ", KernelCommandLine.of(in))));
    args.addAll(serialPorts(statusSocket));
    args.addAll(List.of("-device", "isa-debug-exit,iobase=" + DEBUG_EXIT_PORT + ",iosize=2"));
    args.addAll(network(in));
    args.addAll(
        List.of(
            "-object",
            "rng-random,id=rng0,filename=/dev/urandom",
            "-device",
            in.machine().rngDevice() + ",rng=rng0"));
    return new QemuPlan(
        List.copyOf(args), statusSocket, in.memoryMib(), in.machine(), in.accelerator());
  }

  private static String machineOption(Inputs in) {
    if (in.machine() == MachineType.Q35) {
      return "q35";
    }
    boolean acpi = in.kernel().microvmNeedsAcpi();
    return "microvm,x-option-roms=off,isa-serial=on,rtc=on,acpi=" + (acpi ? "on" : "off");
  }

  /** QEMU's seccomp filter: no new privileges, no spawning, no obsolete system calls. */
  private static List<String> sandbox(Inputs in) {
    if (!in.host().qemuHasSandbox()) {
      return List.of();
    }
    return List.of(
        "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
  }

  /**
   * The status channel's socket: in the run directory, unless that path is longer than a UNIX
   * socket address may be (108 bytes on Linux); then in a private directory of its own under the
   * temporary directory, named after the run directory.
   */
  static Path statusSocketFor(Path runDirectory) {
    Path socket = runDirectory.resolve(STATUS_SOCKET);
    if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        <= MAX_SOCKET_PATH_BYTES) {
      return socket;
    }
    String name =
        "ops-"
            + dev.ops.core.util.Digests.hex(
                    dev.ops.core.util.Digests.of(
                        runDirectory
                            .toAbsolutePath()
                            .toString()
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 16);
    Path directory = Path.of(System.getProperty("java.io.tmpdir")).resolve(name);
    try {
      java.nio.file.Files.createDirectories(
          directory,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("could not create " + directory, e);
    }
    return directory.resolve(STATUS_SOCKET);
  }

  private static List<String> serialPorts(Path statusSocket) {
    return List.of(
        "-chardev",
        "stdio,id=console,signal=off",
        "-serial",
        "chardev:console",
        "-chardev",
        "socket,id=status,path=" + statusSocket + ",server=on,wait=on",
        "-device",
        "isa-serial,chardev=status,iobase=" + STATUS_SERIAL_PORT + ",irq=3");
  }

  private static List<String> network(Inputs in) {
    StringBuilder netdev = new StringBuilder("user,id=net0");
    for (PortForward port : in.options().ports()) {
      netdev.append(',').append(port.toHostForward());
    }
    return List.of(
        "-netdev", netdev.toString(), "-device", in.machine().netDevice() + ",netdev=net0");
  }
}
