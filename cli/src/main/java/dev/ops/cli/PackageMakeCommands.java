package dev.ops.cli;

import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.pkg.DebianPackageMaker;
import dev.ops.core.pkg.NanosPackageImporter;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.pkg.ProgramPackageMaker;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ops pkg from-deb|from-run|add}: the three ways to make a local package. */
final class PackageMakeCommands {

  private PackageMakeCommands() {}

  /** The name and version flags every maker takes. */
  static final class Naming {

    @Option(names = "--name", paramLabel = "NAME", description = "The package's name.")
    String name;

    @Option(names = "--version", paramLabel = "VERSION", description = "The package's version.")
    String version;

    @Option(
        names = {"-v", "--verbose"},
        description = "Show each step.")
    boolean verbose;

    @Option(names = "--json", description = "Print the package as JSON.")
    boolean json;

    void print(StoredPackage stored) {
      if (json) {
        Output.printJson(PackageOutput.summary(stored));
      } else {
        System.out.println(stored.id() + " " + stored.manifestDigest());
      }
    }

    String nameOrNull() {
      return name == null ? null : PackageName.requireValidName(name);
    }

    String versionOrNull() {
      return version == null ? null : PackageName.requireValidVersion(version);
    }
  }

  @Command(
      name = "from-deb",
      mixinStandardHelpOptions = true,
      description = {
        "Make a package from a Debian package and what it needs at run time, fetched with"
            + " apt-get download (nothing is installed on this machine).",
        "Examples: ops pkg from-deb nodejs; ops pkg from-deb python3; ops pkg from-deb php-cli"
      })
  static final class FromDeb implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEBIAN-PACKAGE", description = "name[=version]")
    String packageSpec;

    @Option(
        names = "--program",
        paramLabel = "PATH",
        description = "The program, as a path in the package (default: the package's executable).")
    String program;

    @Mixin Naming naming = new Naming();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(naming.verbose);
      DebianPackageMaker maker =
          new DebianPackageMaker(
              workspace.packages, workspace.home.downloads(), workspace.progress);
      naming.print(
          maker.make(
              new DebianPackageMaker.Request(
                  packageSpec, naming.nameOrNull(), naming.versionOrNull(), program)));
      return 0;
    }
  }

  @Command(
      name = "from-run",
      mixinStandardHelpOptions = true,
      description =
          "Make a package from a program on this machine, with what 'ops run' would put in its"
              + " image; -a and -e become the package's defaults.")
  static final class FromRun implements Callable<Integer> {

    @Mixin ImageOptions image = new ImageOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM")
    void setProgram(String program) {
      image.program = program;
    }

    @Option(names = "--description", paramLabel = "TEXT", description = "One line about it.")
    String description;

    @Mixin Naming naming = new Naming();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(naming.verbose);
      OpsConfig file = image.configFile();
      CommandLineSettings settings = image.settings(null, null, 0);
      ImageSpec spec = image.imageSpec(file, settings);
      String name =
          naming.name != null
              ? naming.nameOrNull()
              : spec.program()
                  .getFileName()
                  .toString()
                  .toLowerCase(Locale.ROOT)
                  .replaceAll("[^a-z0-9]+", "-")
                  .replaceAll("^-+|-+$", "");
      String version = naming.version != null ? naming.versionOrNull() : "1.0.0";
      StoredPackage stored =
          new ProgramPackageMaker(workspace.packages, workspace.imageBuilder())
              .make(spec, name, version, description == null ? "" : description);
      naming.print(stored);
      return 0;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description =
          "Import a package in NanoVMs OPS's format: a directory with package.manifest and"
              + " sysroot/, or a .tar.gz of one.")
  static final class Add implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR|TAR.GZ")
    Path source;

    @Mixin Naming naming = new Naming();

    @Override
    public Integer call() {
      Workspace workspace = Workspace.open(naming.verbose);
      NanosPackageImporter importer =
          new NanosPackageImporter(workspace.packages, workspace.home.downloads());
      naming.print(
          importer.importPackage(
              source.toAbsolutePath(), naming.nameOrNull(), naming.versionOrNull()));
      return 0;
    }
  }
}
