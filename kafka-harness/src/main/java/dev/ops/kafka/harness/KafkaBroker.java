package dev.ops.kafka.harness;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running in a child process
 * on free loopback ports, with its own temporary directory. Closing it stops the process and
 * deletes the directory; so does the end of the JVM that started it, however it ends.
 *
 * <pre>{@code
 * try (KafkaBroker kafka = KafkaBroker.start()) {
 *   producerSettings.put("bootstrap.servers", kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class KafkaBroker implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Process process;
  private final BrokerConfiguration configuration;
  private final Path log;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  KafkaBroker(Process process, BrokerConfiguration configuration, Path log) {
    this.process = process;
    this.configuration = configuration;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, "ops-kafka-harness-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a broker with the harness's defaults and waits until it serves clients. */
  public static KafkaBroker start() {
    return builder().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code host:port} for the clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return configuration.host() + ":" + configuration.port();
  }

  /** {@code bootstrap.servers} and what a client needs to be let in, to start its settings from. */
  public Map<String, Object> clientSettings() {
    Map<String, Object> settings = new LinkedHashMap<>(clientSecurity());
    settings.put("bootstrap.servers", bootstrapServers());
    return settings;
  }

  /** The client settings a broker with authentication asks for (SASL); empty for the default. */
  public Map<String, String> clientSecurity() {
    return configuration.clientSecurity();
  }

  public int port() {
    return configuration.port();
  }

  public int controllerPort() {
    return configuration.controllerPort();
  }

  /** The broker's own directory: configuration, data and log. */
  public Path directory() {
    return configuration.directory();
  }

  /** Everything the broker printed, to read when a test fails. */
  public Path logFile() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the broker and deletes its directory. Closing twice does nothing more. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down and the hook runs anyway.
    }
  }

  /** Stops a broker that failed to start, keeping its files for the error message. */
  void abandon() {
    closed.set(true);
    process.destroyForcibly();
    close();
  }

  private void stop() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    stopProcess();
    Directories.deleteQuietly(configuration.directory());
    LOG.log(
        Level.DEBUG,
        "Kafka broker at {0} stopped in {1} ms",
        bootstrapServers(),
        String.valueOf((System.nanoTime() - started) / 1_000_000));
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.DEBUG, "Kafka broker ignored SIGTERM for {0}; killing it", STOP_GRACE);
        process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Choices for a broker that the defaults do not fit; start with {@link #builder()}. */
  public static final class Builder {

    private String host = Ports.HOST;
    private int port;
    private int controllerPort;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(90);
    private String maxHeap = "512m";
    private Path parentDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private final Map<String, String> clientSecurity = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Listen for clients on this local address, and advertise it, instead of {@code 127.0.0.1}: for
     * clients in other network namespaces, which reach this one through a bridge or a veth pair.
     */
    public Builder withHost(String host) {
      this.host = host;
      return this;
    }

    /** Listen for clients on this port instead of a free one; fails clearly if it is taken. */
    public Builder withPort(int port) {
      this.port = port;
      return this;
    }

    public Builder withControllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    /** A {@code server.properties} setting, such as {@code auto.create.topics.enable=true}. */
    public Builder withProperty(String name, String value) {
      properties.put(name, value);
      return this;
    }

    /**
     * Clients must log in with SASL PLAIN as {@code user} (the broker itself logs in as another
     * user): for tests of clients' security settings. {@link #clientSettings()} then carries the
     * login, and the readiness check uses it.
     */
    public Builder withSaslPlain(String user, String password) {
      String login = "org.apache.kafka.common.security.plain.PlainLoginModule required";
      String brokerSecret = java.util.UUID.randomUUID().toString();
      properties.put(
          "listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
      properties.put("sasl.enabled.mechanisms", "PLAIN");
      properties.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
      properties.put(
          "listener.name.plaintext.plain.sasl.jaas.config",
          login
              + " username=\"broker\" password=\""
              + brokerSecret
              + "\" user_broker=\""
              + brokerSecret
              + "\" user_"
              + user
              + "=\""
              + password
              + "\";");
      clientSecurity.put("security.protocol", "SASL_PLAINTEXT");
      clientSecurity.put("sasl.mechanism", "PLAIN");
      clientSecurity.put(
          "sasl.jaas.config", login + " username=\"" + user + "\" password=\"" + password + "\";");
      return this;
    }

    /** How long formatting and starting may take; 90 s by default for a busy machine. */
    public Builder withStartTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    /** The broker JVM's maximum heap, {@code 512m} by default. */
    public Builder withMaxHeap(String maxHeap) {
      this.maxHeap = maxHeap;
      return this;
    }

    /**
     * Where the broker's temporary directory is made; the system's temporary directory by default.
     */
    public Builder withParentDirectory(Path parentDirectory) {
      this.parentDirectory = parentDirectory;
      return this;
    }

    /** Starts the broker and waits until it serves clients. */
    public KafkaBroker start() {
      LaunchSettings settings =
          new LaunchSettings(
              host,
              port,
              controllerPort,
              Map.copyOf(properties),
              startTimeout,
              maxHeap,
              parentDirectory,
              Map.copyOf(clientSecurity));
      return new BrokerLauncher(settings).launch();
    }
  }
}
