package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernels this machine has, and the default one, fetched on first use so that the first {@code
 * ops run} needs no set-up step.
 */
public final class KernelCatalogue {

  private final KernelStore store;
  private final OpsHome home;
  private final Progress progress;
  private final MinimalKernelSupply minimal;

  public KernelCatalogue(OpsHome home, Progress progress) {
    this(home, progress, new KernelStore(home.kernels()));
  }

  private KernelCatalogue(OpsHome home, Progress progress, KernelStore store) {
    this(home, progress, store, new MinimalKernelInstaller(store, home.downloads(), progress));
  }

  KernelCatalogue(OpsHome home, Progress progress, KernelStore store, MinimalKernelSupply minimal) {
    this.home = home;
    this.store = store;
    this.progress = progress;
    this.minimal = minimal;
  }

  public List<Kernel> list() {
    return store.list();
  }

  public KernelStore store() {
    return store;
  }

  /**
   * The kernel to boot: the one named (a name or a flavour), or the default flavour, installing it
   * when this machine has none yet. The minimal flavour is the kernel of the current configuration
   * and source: a kernel built from an older configuration never stands in for it.
   */
  public Kernel resolve(String nameOrFlavour) {
    String wanted = nameOrFlavour == null ? defaultFlavour() : nameOrFlavour;
    Optional<Kernel> byName = store.find(wanted);
    if (byName.isPresent()) {
      return byName.get();
    }
    if (wanted.equals(Kernel.MINIMAL)) {
      return currentMinimal();
    }
    return newestOfFlavour(wanted).orElseGet(() -> install(wanted));
  }

  public Optional<Kernel> findByDigest(String digest) {
    return store.findByDigest(digest);
  }

  /** The minimal kernel boots several times faster in a third of the memory (bench/). */
  public static String defaultFlavour() {
    return Kernel.MINIMAL;
  }

  /** Builds the minimal kernel, or finds it built, and catalogues it (for ops kernel build). */
  public Kernel buildMinimal() {
    return minimal.build();
  }

  private Kernel currentMinimal() {
    String key = minimal.currentBuildKey();
    return store.list().stream()
        .filter(kernel -> MinimalKernelInstaller.isBuildOf(kernel, key))
        .findFirst()
        .orElseGet(minimal::build);
  }

  private Optional<Kernel> newestOfFlavour(String flavour) {
    return store.list().stream()
        .filter(kernel -> kernel.flavour().equals(flavour))
        .max(Comparator.comparing(Kernel::version));
  }

  private Kernel install(String flavour) {
    if (flavour.equals(Kernel.STOCK)) {
      return new StockKernelInstaller(store, home.downloads(), progress).install();
    }
    throw new OpsException(
        "no kernel named or of flavour '" + flavour + "' on this machine",
        "see 'ops kernel list'; the flavours are " + Kernel.STOCK + " and " + Kernel.MINIMAL);
  }
}
