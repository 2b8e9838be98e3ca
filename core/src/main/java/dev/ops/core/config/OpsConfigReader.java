package dev.ops.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.OpsException;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads NanoVMs OPS's {@code config.json} strictly: a key ops does not know is an error that names
 * it, because a silently ignored setting is worse than a refused one.
 */
public final class OpsConfigReader {

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "Program",
          "Args",
          "Env",
          "Files",
          "Dirs",
          "MapDirs",
          "NameServers",
          "RunConfig",
          "BaseVolumeSz");
  private static final Set<String> RUN_CONFIG = Set.of("Memory", "CPUs", "Ports");
  private static final long MAX_CONFIG_BYTES = 1 << 20;

  private OpsConfigReader() {}

  public static OpsConfig read(Path file) {
    try {
      if (Files.size(file) > MAX_CONFIG_BYTES) {
        throw invalid(file, "it is larger than 1 MiB");
      }
      return parse(file, Files.readString(file));
    } catch (IOException e) {
      throw new OpsException("cannot read the configuration " + file + ": " + e.getMessage());
    }
  }

  static OpsConfig parse(Path file, String text) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid(file, "it is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(file, "it must be a JSON object");
    }
    requireKnownKeys(file, root, TOP_LEVEL, "");
    if (root.has("BaseVolumeSz")) {
      throw invalid(
          file,
          "BaseVolumeSz asks for a disk volume, and ops images have none yet "
              + "(the whole image lives in memory); remove the key");
    }
    JsonNode run = root.path("RunConfig");
    if (!run.isMissingNode()) {
      requireObject(file, run, "RunConfig");
      requireKnownKeys(file, run, RUN_CONFIG, "RunConfig.");
    }
    return new OpsConfig(
        text(file, root, "Program"),
        strings(file, root, "Args"),
        stringMap(file, root, "Env"),
        strings(file, root, "Files"),
        strings(file, root, "Dirs"),
        stringMap(file, root, "MapDirs"),
        strings(file, root, "NameServers"),
        run.has("Memory") ? MemorySize.parseMib(run.get("Memory").asText()) : 0,
        run.has("CPUs") ? positive(file, run.get("CPUs"), "RunConfig.CPUs") : 0,
        strings(file, run, "Ports"));
  }

  private static void requireKnownKeys(Path file, JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!known.contains(key)) {
        throw invalid(
            file,
            "unknown key '"
                + prefix
                + key
                + "'; ops understands "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static String text(Path file, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid(file, key + " must be a string");
    }
    return value.asText();
  }

  private static List<String> strings(Path file, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return null;
    }
    if (!value.isArray()) {
      throw invalid(file, key + " must be a list of strings");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() && !item.isNumber()) {
        throw invalid(file, key + " must be a list of strings");
      }
      result.add(item.asText());
    }
    return result;
  }

  private static Map<String, String> stringMap(Path file, JsonNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null) {
      return null;
    }
    requireObject(file, value, key);
    Map<String, String> result = new LinkedHashMap<>();
    value
        .fields()
        .forEachRemaining(
            field -> {
              if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw invalid(file, key + "." + field.getKey() + " must be a string");
              }
              result.put(field.getKey(), field.getValue().asText());
            });
    return result;
  }

  private static void requireObject(Path file, JsonNode node, String key) {
    if (!node.isObject()) {
      throw invalid(file, key + " must be an object");
    }
  }

  private static int positive(Path file, JsonNode node, String key) {
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw invalid(file, key + " must be a positive whole number");
    }
    return node.asInt();
  }

  private static OpsException invalid(Path file, String reason) {
    return new OpsException(
        "invalid configuration " + file + ": " + reason,
        "see the README's config.json section for the keys ops reads");
  }
}
