package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.pkg.PackageContents;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.registry.PackageIndex;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops pkg search|describe|contents}: what packages there are and what they hold. */
final class PackageQueryCommands {

  private PackageQueryCommands() {}

  /** The package index of the configured registry. */
  static PackageIndex index(Workspace workspace) {
    return new PackageIndex(PackageTransferCommands.client(workspace));
  }

  @Command(
      name = "search",
      mixinStandardHelpOptions = true,
      description = {
        "Find packages whose name or description contains TEXT (any case).",
        "Searches the configured registry's package index; --local searches this machine."
      })
  static final class Search implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TEXT")
    String text;

    @Option(names = "--local", description = "Search the packages on this machine instead.")
    boolean local;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      if (local) {
        String wanted = text.toLowerCase(Locale.ROOT);
        List<StoredPackage> found =
            workspace.packages.list().stream()
                .filter(
                    stored ->
                        stored.id().name().contains(wanted)
                            || stored
                                .config()
                                .description()
                                .toLowerCase(Locale.ROOT)
                                .contains(wanted))
                .toList();
        PackageOutput.printLocal(found, json);
        return found.isEmpty() ? 1 : 0;
      }
      List<PackageIndex.Entry> found = index(workspace).search(text);
      PackageOutput.printIndex(found, json);
      return found.isEmpty() ? 1 : 0;
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Show a package: program, defaults, source, size; local first, then registry.")
  static final class Describe implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PKG", description = "name[:version]")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      PackageName id = PackageName.parse(name);
      Optional<StoredPackage> local = workspace.packages.find(id);
      if (local.isPresent()) {
        PackageOutput.printDescription(local.get(), json);
        return 0;
      }
      if (workspace.registrySettings().defaultRegistry().isEmpty()) {
        throw new OpsException(
            "no package " + id + " on this machine",
            "see 'ops pkg list', or set OPS_REGISTRY to look in a registry's index");
      }
      List<PackageIndex.Entry> versions =
          index(workspace).versions(id.name()).stream()
              .filter(entry -> id.isLatest() || entry.version().equals(id.version()))
              .toList();
      if (versions.isEmpty()) {
        throw new OpsException(
            "no package " + id + " here or in the registry's index",
            "see 'ops pkg list' and 'ops pkg search " + id.name() + "'");
      }
      PackageOutput.printIndex(versions, json);
      return 0;
    }
  }

  @Command(
      name = "contents",
      mixinStandardHelpOptions = true,
      description = "List the files of a local package, as they will be in the guest.")
  static final class Contents implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PKG", description = "name[:version]")
    String name;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      StoredPackage stored = workspace.packages.get(PackageName.parse(name));
      List<PackageContents.Entry> entries = PackageContents.of(workspace.packages, stored);
      if (json) {
        Output.printJson(entries);
        return 0;
      }
      for (PackageContents.Entry entry : entries) {
        String shown =
            entry.target() == null ? entry.path() : entry.path() + " -> " + entry.target();
        System.out.printf(
            "%s %04o %10d %s%n", entry.type().charAt(0), entry.mode(), entry.size(), shown);
      }
      return 0;
    }
  }
}
