package dev.ops.builder.testing;

import dev.ops.core.kernel.Kernel;
import dev.ops.core.kernel.KernelModule;
import dev.ops.core.kernel.KernelStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A kernel that never boots: building reads its files and records its digest, nothing more, so
 * build tests need neither Debian's kernel nor a network.
 */
public final class TestKernels {

  public static final String NAME = "test-kernel";

  private TestKernels() {}

  /** Puts the fake kernel in {@code store} unless it is there. */
  public static Kernel install(KernelStore store) {
    return store.find(NAME).orElseGet(() -> commit(store));
  }

  private static Kernel commit(KernelStore store) {
    try {
      Path scratch = store.scratchDirectory();
      Path vmlinux = Files.writeString(scratch.resolve("vmlinux"), "not a kernel");
      Path module = Files.createDirectories(scratch.resolve("modules")).resolve("virtio.ko");
      Files.writeString(module, "not a module");
      return store.commit(
          scratch,
          new Kernel(
              NAME,
              Kernel.MINIMAL,
              "6.1.0",
              vmlinux,
              dev.ops.core.util.Digests.of(vmlinux),
              List.of(new KernelModule("virtio", module, "/lib/modules/virtio.ko")),
              false,
              20,
              List.of()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
