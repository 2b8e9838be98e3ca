package dev.ops.cli;

import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops pkg}: packages that carry an interpreter, for programs that are not one ELF. */
@Command(
    name = "pkg",
    mixinStandardHelpOptions = true,
    description = "Make, list, share and run packages (an interpreter with what it needs).",
    subcommands = {
      PackageMakeCommands.FromDeb.class,
      PackageMakeCommands.FromRun.class,
      PackageMakeCommands.Add.class,
      PackageCommand.ListPackages.class,
      PackageQueryCommands.Search.class,
      PackageQueryCommands.Describe.class,
      PackageQueryCommands.Contents.class,
      PackageTransferCommands.Get.class,
      PackageTransferCommands.Push.class,
      PackageCommand.RemovePackages.class,
      PackageLoadCommand.class
    })
final class PackageCommand {

  @Command(
      name = "list",
      aliases = "ls",
      mixinStandardHelpOptions = true,
      description = "List local packages, or with --registry those in the registry's index.")
  static final class ListPackages implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--registry", description = "List the configured registry's packages.")
    boolean registry;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      if (registry) {
        PackageOutput.printIndex(PackageQueryCommands.index(workspace).search(""), json);
        return 0;
      }
      PackageOutput.printLocal(workspace.packages.list(), json);
      return 0;
    }
  }

  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Remove local packages, and the blobs no image or other package uses.")
  static final class RemovePackages implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "PKG", description = "name:version")
    List<String> names;

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(false);
      Set<String> usedByImages = new HashSet<>(workspace.images.digestsInUse());
      for (String name : names) {
        StoredPackage removed = workspace.packages.get(PackageName.parse(name));
        workspace.packages.remove(removed.id(), usedByImages);
        System.out.println("removed " + removed.id());
      }
      return 0;
    }
  }
}
