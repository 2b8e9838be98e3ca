package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.MemorySize;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.config.OpsConfigReader;
import dev.ops.core.config.SettingsMerger;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.pkg.PackageName;
import dev.ops.core.qemu.LaunchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The flags shared by {@code build} and {@code run}: what goes into the image. */
final class ImageOptions {

  /** Set by the command's own positional parameter; {@code pkg load} has none. */
  String program;

  @Option(
      names = "--package",
      paramLabel = "PKG",
      description =
          "Build on a local package (name[:version], see 'ops pkg list') instead of a program:"
              + " the package's program runs, with your files and arguments.")
  String packageName;

  @Option(
      names = {"-a", "--arg"},
      paramLabel = "ARG",
      description = "An argument for the program (repeatable, in order).")
  List<String> args = new ArrayList<>();

  @Option(
      names = {"-e", "--env"},
      paramLabel = "KEY=VALUE",
      description = "An environment variable for the program (repeatable).")
  List<String> env = new ArrayList<>();

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "A NanoVMs OPS config.json; flags override its values.")
  Path config;

  @Option(
      names = {"-i", "--image-name"},
      paramLabel = "NAME",
      description = "Name of the image (default: the program's file name).")
  String imageName;

  @Option(
      names = "--kernel",
      paramLabel = "KERNEL",
      description =
          "Kernel name or flavour: minimal (default, ops' own) or stock (Debian's cloud kernel,"
              + " for programs that need what minimal leaves out); see 'ops kernel list'.")
  String kernel;

  @Option(
      names = "--lib-path",
      paramLabel = "DIR",
      description = "Another directory to search for shared libraries (repeatable).")
  List<String> libraryPaths = new ArrayList<>();

  OpsConfig configFile() {
    return config == null ? OpsConfig.empty() : OpsConfigReader.read(config);
  }

  CommandLineSettings settings(List<String> ports, String memory, int cpus) {
    int memoryMib = memory == null ? 0 : MemorySize.parseMib(memory);
    return new CommandLineSettings(
        program, args, SettingsMerger.parseEnv(env), ports, memoryMib, cpus, libraryPaths, kernel);
  }

  ImageSpec imageSpec(OpsConfig file, CommandLineSettings settings) {
    Path workingDirectory = Path.of("").toAbsolutePath();
    if (packageName == null) {
      return SettingsMerger.imageSpec(file, settings, workingDirectory);
    }
    if (program != null) {
      throw new OpsException(
          "both a program (" + program + ") and a package (" + packageName + ") were given",
          "the package holds the program; give its script or files with -a or in config.json");
    }
    return SettingsMerger.packageSpec(file, settings, workingDirectory);
  }

  String imageNameFor(ImageSpec spec) {
    if (imageName != null) {
      return imageName;
    }
    String fileName =
        spec.program() == null
            ? PackageName.parse(packageName).name()
            : spec.program().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String cleaned = fileName.replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
    return cleaned.isEmpty() ? "image" : cleaned;
  }

  static LaunchOptions launchOptions(
      OpsConfig file, CommandLineSettings settings, LaunchFlags flags) {
    return SettingsMerger.launchOptions(file, settings, flags.base());
  }
}
