package dev.ops.cli;

import dev.ops.core.pkg.PackageConfig;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.registry.PackageIndex;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How package commands print packages, for people and for scripts. */
final class PackageOutput {

  private PackageOutput() {}

  static void printLocal(List<StoredPackage> packages, boolean json) {
    if (json) {
      Output.printJson(packages.stream().map(PackageOutput::summary).toList());
      return;
    }
    Output.printTable(
        List.of("NAME", "VERSION", "LANGUAGE", "SIZE", "PROGRAM", "DESCRIPTION"),
        packages.stream()
            .map(
                stored ->
                    List.of(
                        stored.id().name(),
                        stored.id().version(),
                        stored.config().language(),
                        Output.mebibytes(stored.layer().size()),
                        stored.config().program(),
                        stored.config().description()))
            .toList());
  }

  static void printIndex(List<PackageIndex.Entry> entries, boolean json) {
    if (json) {
      Output.printJson(entries);
      return;
    }
    Output.printTable(
        List.of("NAME", "VERSION", "LANGUAGE", "ARCH", "DIGEST", "DESCRIPTION"),
        entries.stream()
            .map(
                entry ->
                    List.of(
                        entry.name(),
                        entry.version(),
                        String.valueOf(entry.language()),
                        String.valueOf(entry.architecture()),
                        Output.shortDigest(entry.digest()),
                        String.valueOf(entry.description())))
            .toList());
  }

  static Map<String, Object> summary(StoredPackage stored) {
    PackageConfig config = stored.config();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", config.name());
    summary.put("version", config.version());
    summary.put("description", config.description());
    summary.put("language", config.language());
    summary.put("architecture", config.architecture());
    summary.put("program", config.program());
    summary.put("args", config.args());
    summary.put("env", config.env());
    summary.put("source", config.source());
    summary.put("digest", stored.manifestDigest());
    summary.put("layer", stored.layer().digest());
    summary.put("size", stored.layer().size());
    return summary;
  }

  static void printDescription(StoredPackage stored, boolean json) {
    if (json) {
      Output.printJson(summary(stored));
      return;
    }
    PackageConfig config = stored.config();
    System.out.println(stored.id() + " — " + config.description());
    System.out.println("language:     " + config.language() + " (" + config.architecture() + ")");
    System.out.println("program:      " + config.program() + " " + String.join(" ", config.args()));
    config.env().forEach((key, value) -> System.out.println("env:          " + key + "=" + value));
    System.out.println("source:       " + config.source());
    System.out.println("size:         " + Output.mebibytes(stored.layer().size()));
    System.out.println("digest:       " + stored.manifestDigest());
  }
}
