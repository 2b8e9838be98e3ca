package dev.ops.core.pkg;

import dev.ops.core.OpsException;
import java.util.regex.Pattern;

/**
 * A package as users name it: {@code name[:version]}. A missing version means {@code latest}, the
 * highest version there is. Names and versions follow the OCI grammar of repository components and
 * tags, so a package can travel to a registry as {@code packages/<name>:<version>} unchanged.
 */
public record PackageName(String name, String version) {

  public static final String LATEST = "latest";

  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
  private static final int MAX_NAME = 64;

  public PackageName {
    requireValidName(name);
    requireValidVersion(version);
  }

  /** Reads {@code name}, {@code name:version} or {@code name:latest}. */
  public static PackageName parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return new PackageName(text, LATEST);
    }
    return new PackageName(text.substring(0, colon), text.substring(colon + 1));
  }

  public boolean isLatest() {
    return version.equals(LATEST);
  }

  public PackageName withVersion(String newVersion) {
    return new PackageName(name, newVersion);
  }

  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  public static String requireValidName(String name) {
    if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
      throw new OpsException(
          "'" + name + "' is not a valid package name",
          "use lower case letters and digits, separated by single '.', '_' or '-'");
    }
    return name;
  }

  public static String requireValidVersion(String version) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new OpsException(
          "'" + version + "' is not a valid package version",
          "use letters, digits, '.', '_' and '-' (at most 128), not starting with '.' or '-'");
    }
    return version;
  }

  @Override
  public String toString() {
    return name + ":" + version;
  }
}
