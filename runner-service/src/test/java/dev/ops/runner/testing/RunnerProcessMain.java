package dev.ops.runner.testing;

import dev.ops.core.registry.RegistrySettings;
import dev.ops.runner.Runner;
import dev.ops.runner.RunnerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A runner in a process of its own, for tests that kill one the hard way (SIGKILL): nothing gets to
 * close. Arguments: runner id, bootstrap servers, registry URL, work directory.
 */
public final class RunnerProcessMain {

  public static final String READY = "runner ready";

  private RunnerProcessMain() {}

  public static void main(String[] args) throws InterruptedException {
    RunnerSettings settings =
        RunnerSettings.forTests(
            args[0], args[1], RegistrySettings.of(args[2], null), Path.of(args[3]));
    Runner runner = Runner.start(settings, new SimpleMeterRegistry());
    while (!runner.ready()) {
      Thread.sleep(Duration.ofMillis(50).toMillis());
    }
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}
