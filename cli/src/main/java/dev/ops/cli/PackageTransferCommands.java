package dev.ops.cli;

import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.registry.PackagePuller;
import dev.ops.core.registry.PackagePusher;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.RegistrySettings;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ops pkg get|push}: packages to and from the configured registry. */
final class PackageTransferCommands {

  private PackageTransferCommands() {}

  static RegistryClient client(Workspace workspace) {
    RegistrySettings settings = workspace.registrySettings();
    return settings.clientFor(settings.requireDefaultRegistry(), workspace.progress);
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description =
          "Fetch a package from the configured registry (packages/NAME:VERSION); latest is the"
              + " highest version there.")
  static final class Get implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PKG", description = "name[:version]")
    String name;

    @Mixin TransferFlags flags = new TransferFlags();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(flags.verbose);
      StoredPackage stored =
          new PackagePuller(client(workspace), workspace.packages, workspace.progress)
              .pull(PackageName.parse(name));
      if (flags.json) {
        Output.printJson(PackageOutput.summary(stored));
      } else {
        System.out.println(stored.id() + " " + stored.manifestDigest());
      }
      return 0;
    }
  }

  @Command(
      name = "push",
      mixinStandardHelpOptions = true,
      description =
          "Push a local package to the configured registry as packages/NAME:VERSION and list it"
              + " in the registry's package index.")
  static final class Push implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PKG", description = "name[:version]")
    String name;

    @Mixin TransferFlags flags = new TransferFlags();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(flags.verbose);
      StoredPackage stored = workspace.packages.get(PackageName.parse(name));
      PackagePusher.Result result =
          new PackagePusher(client(workspace), workspace.blobs, workspace.progress).push(stored);
      if (flags.json) {
        Map<String, Object> printed = RegistryOutput.pushed(result.pushed());
        printed.put("indexed", result.indexed());
        Output.printJson(printed);
      } else {
        System.out.println(result.pushed().reference() + " " + result.pushed().digest());
      }
      return 0;
    }
  }
}
