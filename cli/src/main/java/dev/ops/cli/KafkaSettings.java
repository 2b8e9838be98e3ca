package dev.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the fleet's Kafka is: {@value #VARIABLE}, else {@code kafka.bootstrapServers} in {@code
 * $OPS_HOME/config.json}, next to the registry's settings:
 *
 * <pre>{"kafka": {"bootstrapServers": "kafka-1:9092,kafka-2:9092"}, "registry": {...}}</pre>
 */
record KafkaSettings(String bootstrapServers) {

  static final String VARIABLE = "OPS_KAFKA";
  private static final String CONFIG_FILE = "config.json";

  static KafkaSettings load(OpsHome home) {
    return load(System.getenv(), home.root().resolve(CONFIG_FILE));
  }

  static KafkaSettings load(Map<String, String> environment, Path configFile) {
    Optional<String> fromEnvironment =
        Optional.ofNullable(environment.get(VARIABLE)).map(String::strip).filter(v -> !v.isEmpty());
    return new KafkaSettings(
        fromEnvironment
            .or(() -> fromFile(configFile))
            .orElseThrow(() -> notConfigured(configFile)));
  }

  private static Optional<String> fromFile(Path configFile) {
    if (!Files.isRegularFile(configFile)) {
      return Optional.empty();
    }
    try {
      JsonNode servers =
          Json.MAPPER.readTree(configFile.toFile()).path("kafka").path("bootstrapServers");
      return servers.isTextual() && !servers.asText().isBlank()
          ? Optional.of(servers.asText().strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new OpsException(
          "could not read " + configFile + ": " + e.getMessage(),
          "fix it; kafka settings look like {\"kafka\": {\"bootstrapServers\": \"host:9092\"}}");
    }
  }

  private static OpsException notConfigured(Path configFile) {
    return new OpsException(
        "fleet mode needs Kafka, and none is configured",
        "set "
            + VARIABLE
            + "=host:9092, or put {\"kafka\": {\"bootstrapServers\": \"host:9092\"}} in "
            + configFile);
  }
}
