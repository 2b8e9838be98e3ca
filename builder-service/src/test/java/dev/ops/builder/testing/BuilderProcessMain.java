package dev.ops.builder.testing;

import dev.ops.builder.BuilderSettings;
import dev.ops.builder.build.Builder;
import dev.ops.core.registry.RegistrySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A builder in a process of its own, for tests that kill one the hard way (SIGKILL): nothing gets
 * to close or commit. Arguments: builder id, bootstrap servers, registry URL, work directory.
 */
public final class BuilderProcessMain {

  public static final String READY = "builder ready";

  private BuilderProcessMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path work = Path.of(args[3]);
    TestKernels.install(new dev.ops.core.kernel.KernelStore(work.resolve("kernels")));
    BuilderSettings settings =
        BuilderSettings.defaults(args[0], args[1], java.net.URI.create(args[2]), work)
            .withDefaultKernel(TestKernels.NAME)
            .withSessionTimeout(TestFleet.SESSION_TIMEOUT)
            .withRegistry(RegistrySettings.of(args[2], null));
    Builder builder = Builder.start(settings, new SimpleMeterRegistry());
    while (builder.partitions() == 0) {
      Thread.sleep(Duration.ofMillis(20).toMillis());
    }
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}
