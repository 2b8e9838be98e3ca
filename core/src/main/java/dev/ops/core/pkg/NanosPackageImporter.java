package dev.ops.core.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ops.core.OpsException;
import dev.ops.core.image.HostTreeCollector;
import dev.ops.core.image.LayerContents;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.util.FileTrees;
import dev.ops.core.util.Json;
import dev.ops.core.util.SafeTarExtractor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Imports a package in NanoVMs OPS's format: a directory (or a {@code .tar.gz} of one) holding
 * {@code package.manifest} (JSON: {@code Program}, {@code Args}, {@code Env}, {@code Version},
 * {@code Description}, {@code Language}) and {@code sysroot/}. The sysroot becomes the guest's
 * root; the directory's other files go under {@code /<directory name>/}, where such packages keep
 * their program ({@code "Program": "node_v14.2.0/node"}).
 *
 * <p>Archives are unpacked into a staging directory with every entry checked: nothing may land
 * outside it, no device files, no links leading out of it, at most {@link #MAX_ARCHIVE_BYTES}; a
 * refused archive leaves nothing behind.
 */
public final class NanosPackageImporter {

  public static final String MANIFEST = "package.manifest";
  public static final long MAX_ARCHIVE_BYTES = 2L << 30;

  private final PackageStore store;
  private final Path workDirectory;

  public NanosPackageImporter(PackageStore store, Path workDirectory) {
    this.store = store;
    this.workDirectory = workDirectory;
  }

  /** Imports {@code source}, a directory or a {@code .tar.gz}; name and version may be null. */
  public StoredPackage importPackage(Path source, String name, String version) {
    if (Files.isDirectory(source)) {
      return importDirectory(packageDirectory(source), name, version);
    }
    if (!Files.isRegularFile(source)) {
      throw new OpsException(
          source + " does not exist", "give a package directory or a .tar.gz of one");
    }
    Path staging = createStaging();
    try {
      try (InputStream in = new GzipCompressorInputStream(openBuffered(source))) {
        SafeTarExtractor.extract(in, staging, MAX_ARCHIVE_BYTES);
      } catch (IOException e) {
        throw new OpsException(
            "cannot read " + source + " as a .tar.gz: " + e.getMessage(),
            "give a package directory or a gzip-compressed tar of one");
      }
      return importDirectory(packageDirectory(staging), name, version);
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  private StoredPackage importDirectory(Path directory, String name, String version) {
    JsonNode manifest = readManifest(directory.resolve(MANIFEST));
    String directoryName = directory.getFileName().toString();
    LayerContents files = new LayerContents(PackageStore.LAYER_NAME);
    Path sysroot = directory.resolve("sysroot");
    if (Files.isDirectory(sysroot)) {
      files.addAll(SysrootLayer.of(sysroot).entries());
    }
    for (Path other : otherFiles(directory)) {
      String guestPath = "/" + directoryName + "/" + other.getFileName();
      files.addAll(HostTreeCollector.collect(other, guestPath));
    }

    String program = programOf(manifest, files);
    PackageConfig config =
        new PackageConfig(
            name != null ? name : nameOf(manifest, directoryName),
            version != null ? version : versionOf(manifest, directoryName),
            manifest.path("Description").asText(""),
            manifest.hasNonNull("Language")
                ? manifest.get("Language").asText().toLowerCase(Locale.ROOT)
                : PackageConfig.languageOf(program),
            PackageConfig.ARCHITECTURE,
            program,
            argsOf(manifest, program),
            envOf(manifest),
            "nanos:" + directoryName);
    return store.store(config, files);
  }

  /** The directory holding the manifest: the one given, or its only subdirectory. */
  private static Path packageDirectory(Path root) {
    if (Files.isRegularFile(root.resolve(MANIFEST))) {
      return root;
    }
    try (Stream<Path> children = Files.list(root)) {
      List<Path> candidates =
          children.filter(child -> Files.isRegularFile(child.resolve(MANIFEST))).toList();
      if (candidates.size() == 1) {
        return candidates.get(0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new OpsException(
        "no " + MANIFEST + " in " + root + " or in exactly one directory under it",
        "a NanoVMs package is a directory with package.manifest and sysroot/");
  }

  private static JsonNode readManifest(Path file) {
    try {
      JsonNode manifest = Json.MAPPER.readTree(Files.readAllBytes(file));
      if (manifest == null || !manifest.isObject()) {
        throw new IOException("it is not a JSON object");
      }
      return manifest;
    } catch (IOException e) {
      throw new OpsException(
          "cannot read " + file + ": " + e.getMessage(), "fix the package's manifest");
    }
  }

  private static List<Path> otherFiles(Path directory) {
    try (Stream<Path> children = Files.list(directory)) {
      return children
          .filter(child -> !child.getFileName().toString().equals(MANIFEST))
          .filter(child -> !child.getFileName().toString().equals("sysroot"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code Program} is relative to the packages' directory, so it starts with ours. */
  private static String programOf(JsonNode manifest, LayerContents files) {
    String program = manifest.path("Program").asText("");
    if (program.isEmpty()) {
      throw new OpsException(
          MANIFEST + " has no Program", "set Program to the interpreter's path in the package");
    }
    String guestPath = program.startsWith("/") ? program : "/" + program;
    if (!files.contains(guestPath)) {
      throw new OpsException(
          "the package's Program " + program + " is not among its files",
          "fix Program in " + MANIFEST);
    }
    return guestPath;
  }

  private static String nameOf(JsonNode manifest, String directoryName) {
    String name = manifest.path("Name").asText(directoryName.split("_", 2)[0]);
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
  }

  private static String versionOf(JsonNode manifest, String directoryName) {
    String version = manifest.path("Version").asText("");
    if (version.isEmpty() && directoryName.contains("_")) {
      version = directoryName.substring(directoryName.indexOf('_') + 1);
    }
    version = version.replaceFirst("^[vV](?=\\d)", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return version.isEmpty() ? "0" : version;
  }

  /** Args may repeat the program's own name first, as argv does; that one is dropped. */
  private static List<String> argsOf(JsonNode manifest, String program) {
    List<String> args = new ArrayList<>();
    manifest.path("Args").forEach(arg -> args.add(arg.asText()));
    String baseName = program.substring(program.lastIndexOf('/') + 1);
    if (!args.isEmpty() && (args.get(0).equals(baseName) || args.get(0).equals(program))) {
      args.remove(0);
    }
    return args;
  }

  private static Map<String, String> envOf(JsonNode manifest) {
    Map<String, String> env = new LinkedHashMap<>();
    manifest.path("Env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private Path createStaging() {
    try {
      Files.createDirectories(workDirectory);
      return Files.createTempDirectory(workDirectory, "import-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream openBuffered(Path file) throws IOException {
    return new BufferedInputStream(Files.newInputStream(file));
  }
}
