package dev.ops.kafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * Starts a broker in the steps the Kafka tools take for a new KRaft node: write its configuration,
 * format its storage with a new cluster id, start the server, wait until it answers. Formatting and
 * the server run in the broker's own JVM ({@link BrokerMain}); no Kafka server class is ever loaded
 * into the caller's.
 */
final class BrokerLauncher {

  private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
  private static final int PORT_RACE_ATTEMPTS = 3;

  private final LaunchSettings settings;
  private final String classpath;

  BrokerLauncher(LaunchSettings settings) {
    this.settings = settings;
    this.classpath = BrokerClasspath.resolve();
    StaleDirectories.sweep(settings.parentDirectory());
  }

  KafkaBroker launch() {
    for (int attempt = 1; ; attempt++) {
      BrokerConfiguration configuration = configure();
      try {
        return launch(configuration);
      } catch (PortTakenMeanwhile e) {
        // Free ports were free when chosen; someone took one before the broker bound it.
        Directories.deleteQuietly(configuration.directory());
        LOG.log(Level.DEBUG, "port taken before the broker bound it, retrying: {0}", e.detail);
        if (settings.fixedPorts() || attempt == PORT_RACE_ATTEMPTS) {
          throw new KafkaHarnessException(e.detail);
        }
      }
    }
  }

  private BrokerConfiguration configure() {
    List<Integer> free = Ports.free(2);
    int port = settings.port() == 0 ? free.get(0) : settings.port();
    int controllerPort = settings.controllerPort() == 0 ? free.get(1) : settings.controllerPort();
    if (settings.port() != 0) {
      Ports.requireFree(settings.host(), port, "client");
    }
    if (settings.controllerPort() != 0) {
      Ports.requireFree(Ports.HOST, controllerPort, "controller");
    }
    BrokerConfiguration configuration =
        new BrokerConfiguration(
            newDirectory(),
            settings.host(),
            port,
            controllerPort,
            settings.properties(),
            settings.clientSecurity());
    configuration.write();
    return configuration;
  }

  private KafkaBroker launch(BrokerConfiguration configuration) {
    long started = System.nanoTime();
    Path log = configuration.directory().resolve("broker.log");
    Process process = start(configuration, log);
    StaleDirectories.recordPid(configuration.directory(), process.pid());
    KafkaBroker broker = new KafkaBroker(process, configuration, log);
    try {
      new Readiness(process, configuration, log).await(remaining(started));
    } catch (RuntimeException e) {
      broker.abandon();
      throw failedStart(e, configuration, log);
    }
    LOG.log(
        Level.INFO,
        "Kafka broker ready at {0} in {1} ms (pid {2}, log {3})",
        broker.bootstrapServers(),
        String.valueOf((System.nanoTime() - started) / 1_000_000),
        String.valueOf(process.pid()),
        log);
    return broker;
  }

  private Process start(BrokerConfiguration configuration, Path log) {
    List<String> command = java(configuration);
    command.add(BrokerMain.class.getName());
    command.add(Uuid.randomUuid().toString());
    command.add(configuration.serverProperties().toString());
    return startProcess(command, log);
  }

  private List<String> java(BrokerConfiguration configuration) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ArrayList<>(
        List.of(
            java.toString(),
            "-Xmx" + settings.maxHeap(),
            // A test broker carries little traffic: fast start beats peak throughput.
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + configuration.logConfiguration().toUri(),
            "-cp",
            classpath));
  }

  private static Process startProcess(List<String> command, Path log) {
    try {
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new KafkaHarnessException("could not start " + command.get(0) + ": " + e, e);
    }
  }

  private RuntimeException failedStart(
      RuntimeException cause, BrokerConfiguration configuration, Path log) {
    if (LogTail.mentionsPortInUse(log)) {
      return new PortTakenMeanwhile(
          "a Kafka port ("
              + configuration.port()
              + " or "
              + configuration.controllerPort()
              + ") is taken by another process; stop it or leave the ports out to use free ones");
    }
    return new KafkaHarnessException(
        cause.getMessage()
            + "\nThe broker's files are kept in "
            + configuration.directory()
            + "; the end of its log:\n"
            + LogTail.of(log),
        cause);
  }

  private Duration remaining(long startedNanos) {
    return settings.startTimeout().minusNanos(System.nanoTime() - startedNanos);
  }

  private Path newDirectory() {
    try {
      Files.createDirectories(settings.parentDirectory());
      return Files.createTempDirectory(settings.parentDirectory(), StaleDirectories.PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not make a directory for the broker in " + settings.parentDirectory(), e);
    }
  }

  /** The broker lost a race for a port it was given as free. */
  private static final class PortTakenMeanwhile extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String detail;

    PortTakenMeanwhile(String detail) {
      super(detail, null, false, false);
      this.detail = detail;
    }
  }
}
