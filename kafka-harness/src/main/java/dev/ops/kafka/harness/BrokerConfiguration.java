package dev.ops.kafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of one broker in its own directory: {@code server.properties} for a single KRaft node
 * that is both broker and controller, and a log4j2 configuration that sends Kafka's log to the
 * process output, which the launcher writes to {@code broker.log}. Clients reach it at {@code
 * host}; the controller, which only the broker itself talks to, stays on loopback. {@code
 * clientSecurity} is what a client must add to be let in (empty for the plain default).
 */
record BrokerConfiguration(
    Path directory,
    String host,
    int port,
    int controllerPort,
    Map<String, String> extra,
    Map<String, String> clientSecurity) {

  static final int NODE_ID = 1;

  Path serverProperties() {
    return directory.resolve("server.properties");
  }

  Path logConfiguration() {
    return directory.resolve("log4j2.properties");
  }

  Path dataDirectory() {
    return directory.resolve("data");
  }

  void write() {
    writeLines(serverProperties(), properties(serverSettings()));
    writeLines(logConfiguration(), properties(logSettings()));
  }

  Map<String, String> serverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("process.roles", "broker,controller");
    settings.put("node.id", String.valueOf(NODE_ID));
    settings.put("controller.quorum.voters", NODE_ID + "@" + Ports.HOST + ":" + controllerPort);
    settings.put(
        "listeners",
        "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + Ports.HOST + ":" + controllerPort);
    settings.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    settings.put("controller.listener.names", "CONTROLLER");
    settings.put("inter.broker.listener.name", "PLAINTEXT");
    settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    settings.put("log.dirs", dataDirectory().toString());
    settings.putAll(singleNodeSettings());
    settings.putAll(extra);
    return settings;
  }

  /** One node cannot replicate; and small internal topics start faster on a small machine. */
  private static Map<String, String> singleNodeSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("offsets.topic.replication.factor", "1");
    settings.put("offsets.topic.num.partitions", "3");
    settings.put("transaction.state.log.replication.factor", "1");
    settings.put("transaction.state.log.min.isr", "1");
    settings.put("transaction.state.log.num.partitions", "3");
    settings.put("share.coordinator.state.topic.replication.factor", "1");
    settings.put("share.coordinator.state.topic.min.isr", "1");
    settings.put("share.coordinator.state.topic.num.partitions", "3");
    // Production clusters should not create topics by accident; services create theirs.
    settings.put("auto.create.topics.enable", "false");
    // Tests join consumer groups one after another; waiting for more members only slows them.
    settings.put("group.initial.rebalance.delay.ms", "0");
    settings.put("num.network.threads", "2");
    settings.put("num.io.threads", "2");
    // The log cleaner's default 128 MiB buffer would take a quarter of the broker's heap.
    settings.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    return settings;
  }

  private static Map<String, String> logSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("status", "warn");
    settings.put("appender.out.type", "Console");
    settings.put("appender.out.name", "OUT");
    settings.put("appender.out.layout.type", "PatternLayout");
    settings.put("appender.out.layout.pattern", "%d{HH:mm:ss.SSS} %-5p %m (%c{1})%n");
    settings.put("rootLogger.level", "INFO");
    settings.put("rootLogger.appenderRef.out.ref", "OUT");
    settings.put("logger.state.name", "state.change.logger");
    settings.put("logger.state.level", "WARN");
    return settings;
  }

  private static String properties(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue())
        .collect(Collectors.joining("\n", "", "\n"));
  }

  private static void writeLines(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
