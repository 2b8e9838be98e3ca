package dev.ops.runner.host;

import dev.ops.core.launch.VmUser;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.PortMapping;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out the unprivileged users VMs run as: one user id per VM on this host, from a base, with a
 * group of the same id and the group that owns /dev/kvm. Only a runner running as root can do it;
 * otherwise its VMs run as its own (unprivileged, under the systemd unit) user.
 */
public final class VmUsers {

  public static final int DEFAULT_UID_BASE = 200_000;
  static final int SLOTS = 65_536;

  /** Ports below this need privileges that a VM's user does not have. */
  private static final int FIRST_UNPRIVILEGED_PORT = 1024;

  private static final Path KVM = Path.of("/dev/kvm");
  private static final System.Logger LOG = System.getLogger(VmUsers.class.getName());

  private final int base;
  private final List<Integer> groups;

  private VmUsers(int base, List<Integer> groups) {
    this.base = base;
    this.groups = groups;
  }

  /**
   * Users of their own when this process is root, {@code base} is set, the VMs can reach the work
   * directory (it is made passable, mode {@code o+x}, when it is not) and, when VMs use KVM ({@code
   * kvm}), a group other than root's owns /dev/kvm; otherwise none, and the log says why.
   */
  public static VmUsers detect(int base, Path workDirectory, boolean kvm) {
    String unavailable = whyUnavailable(base, workDirectory);
    if (unavailable == null && kvm && kvmGroup().isEmpty()) {
      unavailable = "/dev/kvm belongs to root's group, so a VM's own user could not use KVM";
    }
    if (unavailable != null) {
      LOG.log(Level.INFO, "VMs run as this runner''s user: {0}", unavailable);
      return new VmUsers(0, List.of());
    }
    LOG.log(
        Level.INFO,
        "VMs run as users of their own, ids {0} to {1}",
        Integer.toString(base),
        Integer.toString(base + SLOTS - 1));
    return new VmUsers(base, kvmGroup());
  }

  /** Users for a host where this process may hand them out (tests of the allocation). */
  static VmUsers from(int base, List<Integer> groups) {
    return new VmUsers(base, groups);
  }

  public boolean enabled() {
    return base > 0;
  }

  /**
   * A user no other VM held here uses, or none: when users are off, or the launch forwards a port
   * below 1024, which only this runner's user may bind.
   */
  public Optional<VmUser> allocate(LaunchRequested launch, Collection<HostedInstance> hosted) {
    if (!enabled() || forwardsPrivilegedPort(launch)) {
      return Optional.empty();
    }
    Set<Integer> taken = new HashSet<>();
    for (HostedInstance other : hosted) {
      boolean sameInstance = other.instanceId().equals(launch.instanceId());
      if (!sameInstance && other.holdsVm() && other.vmUid() != null) {
        taken.add(other.vmUid());
      }
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      int uid = base + slot;
      if (!taken.contains(uid)) {
        return Optional.of(user(uid));
      }
    }
    throw new IllegalStateException("all " + SLOTS + " VM users from " + base + " are in use");
  }

  /** The account of a VM that {@link #allocate} gave {@code uid}. */
  public VmUser user(int uid) {
    return new VmUser(uid, uid, groups);
  }

  private static boolean forwardsPrivilegedPort(LaunchRequested launch) {
    return launch.ports().stream()
        .mapToInt(PortMapping::hostPort)
        .anyMatch(port -> port < FIRST_UNPRIVILEGED_PORT);
  }

  private static String whyUnavailable(int base, Path workDirectory) {
    if (base <= 0) {
      return "ops.runner.vm-uid-base is 0";
    }
    if (!runningAsRoot()) {
      return "it is not root, so it cannot switch VMs to users of their own";
    }
    try {
      Files.createDirectories(workDirectory);
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(workDirectory);
      if (mode.add(PosixFilePermission.OTHERS_EXECUTE)) {
        Files.setPosixFilePermissions(workDirectory, mode);
      }
    } catch (IOException e) {
      return "its work directory's mode cannot be read or set: " + e.getMessage();
    }
    if (!VmUser.everyoneCanPass(workDirectory)) {
      return "a directory above " + workDirectory + " does not let other users pass (o+x)";
    }
    return null;
  }

  /** Whether this process runs as root, the only user that may hand VMs users of their own. */
  public static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The group owning /dev/kvm, so that KVM works for the VM; never root's group. */
  private static List<Integer> kvmGroup() {
    try {
      int gid = (Integer) Files.getAttribute(KVM, "unix:gid");
      return gid == 0 ? List.of() : List.of(gid);
    } catch (IOException | UnsupportedOperationException e) {
      return List.of();
    }
  }
}
