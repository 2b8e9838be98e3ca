package dev.ops.core.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ops.core.OpsException;
import dev.ops.core.pkg.PackageConfig;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.VersionOrder;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The package index of registry-service ({@code /api/packages}): what {@code ops pkg search} reads
 * and {@code ops pkg push} writes. Packages themselves are OCI artifacts in {@code
 * packages/<name>}; the index says which exist and pins each version to a manifest digest. Other
 * OCI registries have no index; there, packages are found by their tags alone.
 */
public final class PackageIndex {

  /** The repository a package's versions are tags of. */
  public static String repositoryOf(String packageName) {
    return "packages/" + PackageName.requireValidName(packageName);
  }

  /** One version of a package, as the index lists it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Entry(
      String name,
      String version,
      String architecture,
      String description,
      String language,
      String repository,
      String digest) {}

  private static final TypeReference<List<Entry>> ENTRIES = new TypeReference<>() {};

  private final RegistryClient client;

  public PackageIndex(RegistryClient client) {
    this.client = client;
  }

  /** Packages whose name or description contains {@code text}, any case; empty text lists all. */
  public List<Entry> search(String text) {
    String query = "/api/packages?search=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    return client
        .getApi("search the package index of " + client.registry(), query)
        .map(this::entries)
        .orElseThrow(
            () ->
                new OpsException(
                    "the registry " + client.registry() + " has no package index",
                    "searching needs ops' registry-service; with another registry, fetch a"
                        + " package by name: ops pkg get NAME:VERSION"));
  }

  /** Every version of a package the index knows, or empty when it knows none (or has no index). */
  public List<Entry> versions(String name) {
    String path = "/api/packages/" + PackageName.requireValidName(name);
    return client.getApi("look up package " + name, path).map(this::entries).orElse(List.of());
  }

  /** The highest version of a package: from the index, or else from its repository's tags. */
  public Optional<String> highestVersion(String name) {
    List<Entry> listed = versions(name);
    if (!listed.isEmpty()) {
      return listed.stream().map(Entry::version).max(VersionOrder.INSTANCE);
    }
    try {
      return client.tags(repositoryOf(name)).stream()
          .filter(tag -> !tag.equals(PackageName.LATEST))
          .max(VersionOrder.INSTANCE);
    } catch (RegistryException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Records a pushed version in the index.
   *
   * @return false when the registry has no index (it answered 404), so only the artifact is there
   */
  public boolean register(PackageConfig config, String manifestDigest) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("architecture", config.architecture());
    body.put("description", config.description());
    body.put("language", config.language());
    body.put("repository", repositoryOf(config.name()));
    body.put("reference", manifestDigest);
    String path = "/api/packages/" + config.name() + "/" + config.version();
    try {
      client.sendApi(
          "register " + config.id() + " in the package index", "PUT", path, Json.write(body));
      return true;
    } catch (RegistryException e) {
      if (e.status() == 404 || e.status() == 405) {
        return false;
      }
      throw e;
    }
  }

  private List<Entry> entries(byte[] json) {
    try {
      if (Json.MAPPER.readTree(json).isObject()) {
        return List.of(Json.MAPPER.readValue(json, Entry.class));
      }
      return Json.MAPPER.readValue(json, ENTRIES).stream()
          .sorted(
              Comparator.comparing(Entry::name)
                  .thenComparing(Entry::version, VersionOrder.INSTANCE))
          .toList();
    } catch (IOException e) {
      throw new OpsException(
          "the package index of "
              + client.registry()
              + " answered something else than JSON: "
              + e.getMessage(),
          "check that OPS_REGISTRY points at ops' registry-service");
    }
  }
}
