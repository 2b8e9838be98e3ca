package dev.ops.cli;

import dev.ops.core.config.CommandLineSettings;
import dev.ops.core.config.MemorySize;
import dev.ops.core.config.OpsConfig;
import dev.ops.core.config.OpsConfigReader;
import dev.ops.core.config.SettingsMerger;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.qemu.LaunchOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flags shared by {@code build} and {@code run}: what goes into the image. */
final class ImageOptions {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PROGRAM",
      description = "The Linux x86-64 ELF program (or set Program in config.json).")
  String program;

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
      description = "Kernel name or flavour (see 'ops kernel list'; default: stock).")
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
    return SettingsMerger.imageSpec(file, settings, Path.of("").toAbsolutePath());
  }

  String imageNameFor(ImageSpec spec) {
    if (imageName != null) {
      return imageName;
    }
    String fileName = spec.program().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String cleaned = fileName.replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
    return cleaned.isEmpty() ? "image" : cleaned;
  }

  static LaunchOptions launchOptions(
      OpsConfig file, CommandLineSettings settings, LaunchFlags flags) {
    return SettingsMerger.launchOptions(file, settings, flags.base());
  }
}
