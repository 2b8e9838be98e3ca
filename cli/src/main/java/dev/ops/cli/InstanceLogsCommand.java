package dev.ops.cli;

import dev.ops.core.instance.InstanceStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops instance logs}: the program's console output, optionally followed. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print an instance's console output.")
final class InstanceLogsCommand implements Callable<Integer> {

  private static final long FOLLOW_POLL_MS = 100;

  @Parameters(index = "0", paramLabel = "INSTANCE")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing until the instance ends.")
  boolean follow;

  @Option(names = "--boot", description = "Print the kernel's boot messages instead.")
  boolean boot;

  @Override
  public Integer call() throws InterruptedException {
    InstanceStore instances = Workspace.open(false).instances;
    instances.get(name);
    Path log =
        instances
            .directory(name)
            .resolve(boot ? InstanceStore.BOOT_LOG : InstanceStore.CONSOLE_LOG);
    long position = copyFrom(log, 0);
    while (follow && instances.get(name).isActive()) {
      Thread.sleep(FOLLOW_POLL_MS);
      position = copyFrom(log, position);
    }
    copyFrom(log, position);
    return 0;
  }

  private static long copyFrom(Path log, long position) {
    if (!Files.exists(log)) {
      return position;
    }
    try (InputStream in = Files.newInputStream(log)) {
      in.skipNBytes(position);
      long copied = in.transferTo(System.out);
      System.out.flush();
      return position + copied;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
