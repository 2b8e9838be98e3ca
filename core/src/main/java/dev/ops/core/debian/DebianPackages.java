package dev.ops.core.debian;

import dev.ops.core.OpsException;
import dev.ops.core.util.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches binary packages with the distribution's own tools ({@code apt-get download}) into a
 * directory of ours. Nothing is installed on the host: the caller unpacks the {@code .deb}.
 */
public final class DebianPackages {

  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration QUERY_TIMEOUT = Duration.ofMinutes(1);
  private static final Pattern DEPENDS_LINE =
      Pattern.compile("^\\s*Depends: (\\S+)", Pattern.MULTILINE);
  private static final Pattern PACKAGE_NAME =
      Pattern.compile("[a-z0-9][a-z0-9+.-]*(=[A-Za-z0-9.+:~-]+)?");

  private DebianPackages() {}

  /**
   * Downloads one package (optionally {@code name=version}) into {@code directory} and returns the
   * {@code .deb} file.
   */
  public static Path download(String packageSpec, Path directory) {
    requireValidName(packageSpec);
    try {
      Files.createDirectories(directory);
      CommandRunner.Result result =
          CommandRunner.run(
              List.of("apt-get", "download", packageSpec), directory, DOWNLOAD_TIMEOUT);
      if (!result.succeeded()) {
        throw new OpsException(
            "could not download the Debian package " + packageSpec + ": " + result.stderr().strip(),
            "run 'apt-get update' once (as root), then try again");
      }
      return newestDeb(directory, packageSpec);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Downloads several packages in one {@code apt-get download} and returns each one's {@code .deb}
   * by package name (without the {@code =version} a spec may carry).
   */
  public static Map<String, Path> downloadAll(List<String> packageSpecs, Path directory) {
    packageSpecs.forEach(DebianPackages::requireValidName);
    try {
      Files.createDirectories(directory);
      List<String> command = new ArrayList<>(List.of("apt-get", "download"));
      command.addAll(packageSpecs);
      CommandRunner.Result result = CommandRunner.run(command, directory, DOWNLOAD_TIMEOUT);
      if (!result.succeeded()) {
        throw new OpsException(
            "could not download the Debian packages "
                + String.join(" ", packageSpecs)
                + ": "
                + result.stderr().strip(),
            "run 'apt-get update' once (as root), then try again");
      }
      Map<String, Path> debs = new LinkedHashMap<>();
      for (String spec : packageSpecs) {
        debs.put(spec.split("=", 2)[0], newestDeb(directory, spec));
      }
      return debs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What each of {@code packageSpecs} ({@code name} or {@code name=version}) needs to run, from the
   * package lists ({@code apt-cache depends}, recommendations and suggestions left out).
   */
  public static Map<String, List<String>> dependencies(List<String> packageSpecs) {
    packageSpecs.forEach(DebianPackages::requireValidName);
    List<String> command =
        new ArrayList<>(
            List.of(
                "apt-cache",
                "depends",
                "--no-recommends",
                "--no-suggests",
                "--no-conflicts",
                "--no-breaks",
                "--no-replaces",
                "--no-enhances"));
    command.addAll(packageSpecs);
    CommandRunner.Result result = CommandRunner.run(command, null, QUERY_TIMEOUT);
    if (!result.succeeded()) {
      throw unknownPackages(packageSpecs, result);
    }
    return AptDependencies.parse(result.stdout());
  }

  /**
   * The highest version of each package that the configured archives offer for download. apt's own
   * candidate may be a version installed from an archive that is no longer configured, which {@code
   * apt-get download} cannot fetch; this one it can.
   */
  public static Map<String, String> archiveVersions(List<String> names) {
    names.forEach(DebianPackages::requireValidName);
    List<String> command = new ArrayList<>(List.of("apt-cache", "madison"));
    command.addAll(names);
    CommandRunner.Result result = CommandRunner.run(command, null, QUERY_TIMEOUT);
    Map<String, String> versions = new LinkedHashMap<>();
    for (String line : result.stdout().split("\n")) {
      String[] columns = line.split("\\|");
      if (columns.length >= 3) {
        versions.putIfAbsent(columns[0].strip(), columns[1].strip());
      }
    }
    List<String> missing = names.stream().filter(name -> !versions.containsKey(name)).toList();
    if (!missing.isEmpty()) {
      throw new OpsException(
          "no archive offers the Debian package(s) " + String.join(" ", missing),
          "check the name with 'apt-cache search', or run 'apt-get update' once (as root)");
    }
    return versions;
  }

  /** The version, priority and summary of each of {@code packageSpecs} ({@code name=version}). */
  public static Map<String, AptPackageInfo> describe(List<String> packageSpecs) {
    packageSpecs.forEach(DebianPackages::requireValidName);
    List<String> command = new ArrayList<>(List.of("apt-cache", "show"));
    command.addAll(packageSpecs);
    CommandRunner.Result result = CommandRunner.run(command, null, QUERY_TIMEOUT);
    if (!result.succeeded()) {
      throw unknownPackages(packageSpecs, result);
    }
    return AptPackageInfo.parse(result.stdout());
  }

  private static OpsException unknownPackages(List<String> names, CommandRunner.Result result) {
    return new OpsException(
        "apt does not know the package(s) "
            + String.join(" ", names)
            + ": "
            + result.stderr().strip(),
        "check the name with 'apt-cache search', or run 'apt-get update' once (as root)");
  }

  /**
   * The concrete package a meta package such as {@code linux-image-cloud-amd64} points at: its
   * first dependency whose name starts with {@code prefix}.
   */
  public static Optional<String> firstDependency(String metaPackage, String prefix) {
    requireValidName(metaPackage);
    CommandRunner.Result result =
        CommandRunner.run(List.of("apt-cache", "depends", metaPackage), null, QUERY_TIMEOUT);
    if (!result.succeeded()) {
      return Optional.empty();
    }
    Matcher matcher = DEPENDS_LINE.matcher(result.stdout());
    while (matcher.find()) {
      if (matcher.group(1).startsWith(prefix)) {
        return Optional.of(matcher.group(1));
      }
    }
    return Optional.empty();
  }

  private static void requireValidName(String packageSpec) {
    if (!PACKAGE_NAME.matcher(packageSpec).matches()) {
      throw new OpsException(
          "not a Debian package name: '" + packageSpec + "'",
          "package names are lower case letters, digits and + - . (optionally =version)");
    }
  }

  /** apt-get names the file after the package's version, which we only learn afterwards. */
  private static Path newestDeb(Path directory, String packageSpec) throws IOException {
    String name = packageSpec.split("=", 2)[0];
    return debsIn(directory).stream()
        .filter(deb -> deb.getFileName().toString().startsWith(name + "_"))
        .max(Comparator.comparing(DebianPackages::lastModified))
        .orElseThrow(
            () ->
                new OpsException(
                    "apt-get reported success but no .deb for "
                        + packageSpec
                        + " appeared in "
                        + directory));
  }

  private static List<Path> debsIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(file -> file.toString().endsWith(".deb")).sorted().toList();
    }
  }

  private static FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
