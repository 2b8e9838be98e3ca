package dev.ops.core.kernel;

import dev.ops.core.debian.DebianPackages;
import dev.ops.core.kernel.build.KernelSource;
import dev.ops.core.util.FileTrees;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The version of Debian's kernel source that a minimal kernel is built from on this machine: the
 * installed {@code linux-source-6.1} when there is one, else the newest version the configured
 * archives offer. Asking apt for the latter takes most of a second, too long for every {@code ops
 * run}, so the answer is kept in a small file until apt's package lists change.
 */
final class KernelSourceVersion {

  static final Path APT_LISTS = Path.of("/var/lib/apt/lists");

  private static final String LISTS_CHANGED = "apt.lists.changed";
  private static final String VERSION = "source.package.version";

  private final Path memo;
  private final Path aptLists;

  /**
   * @param memo the file that keeps the archive's answer
   * @param aptLists apt's package lists, whose change time says when the answer may have changed
   */
  KernelSourceVersion(Path memo, Path aptLists) {
    this.memo = memo;
    this.aptLists = aptLists;
  }

  String current() {
    if (Files.isRegularFile(KernelSource.INSTALLED_TARBALL)) {
      return KernelSource.installed().packageVersion();
    }
    String listsChanged = listsChanged();
    Properties remembered = read();
    if (listsChanged.equals(remembered.getProperty(LISTS_CHANGED))
        && remembered.getProperty(VERSION) != null) {
      return remembered.getProperty(VERSION);
    }
    String version =
        DebianPackages.archiveVersions(List.of(KernelSource.PACKAGE)).get(KernelSource.PACKAGE);
    write(listsChanged, version);
    return version;
  }

  private String listsChanged() {
    try {
      return Files.getLastModifiedTime(aptLists).toString();
    } catch (IOException e) {
      // Without lists apt offers nothing; asking it gives the clear error.
      return "none";
    }
  }

  private Properties read() {
    Properties properties = new Properties();
    if (Files.isRegularFile(memo)) {
      try {
        properties.load(new StringReader(Files.readString(memo, StandardCharsets.UTF_8)));
      } catch (IOException | IllegalArgumentException e) {
        // A damaged memo is asked again and rewritten.
        return new Properties();
      }
    }
    return properties;
  }

  private void write(String listsChanged, String version) {
    String text = LISTS_CHANGED + "=" + listsChanged + "\n" + VERSION + "=" + version + "\n";
    try {
      Files.createDirectories(memo.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + memo.getParent(), e);
    }
    FileTrees.writeAtomically(memo, text.getBytes(StandardCharsets.UTF_8));
  }
}
