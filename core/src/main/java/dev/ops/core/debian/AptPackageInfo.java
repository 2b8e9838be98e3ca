package dev.ops.core.debian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binary package as {@code apt-cache show} describes its candidate version.
 *
 * @param name the package
 * @param version its full Debian version ({@code 2:8.2+93}, {@code 18.19.0+dfsg-6~deb12u2})
 * @param priority {@code required}, {@code important}, {@code standard} or {@code optional}
 * @param summary the first line of its description
 */
public record AptPackageInfo(String name, String version, String priority, String summary) {

  /** Part of every Debian system; a program needs at most some of their libraries. */
  public boolean isBaseSystem() {
    return priority.equals("required") || priority.equals("important");
  }

  /**
   * The upstream version, as people name it: without the epoch ({@code 2:}), the Debian revision
   * ({@code -6~deb12u2}) and repack marks ({@code +dfsg}); {@code 18.19.0+dfsg-6~deb12u2} gives
   * {@code 18.19.0}.
   */
  public String upstreamVersion() {
    String upstream = version.replaceFirst("^\\d+:", "");
    int revision = upstream.lastIndexOf('-');
    if (revision > 0) {
      upstream = upstream.substring(0, revision);
    }
    upstream = upstream.replaceFirst("[+~].*$", "");
    String cleaned = upstream.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.isEmpty() ? "0" : cleaned;
  }

  /** Reads the paragraphs {@code apt-cache show --no-all-versions} prints, one per package. */
  public static Map<String, AptPackageInfo> parse(String output) {
    Map<String, AptPackageInfo> packages = new LinkedHashMap<>();
    for (String paragraph : output.split("\n\\s*\n")) {
      Map<String, String> fields = fieldsOf(paragraph);
      String name = fields.get("Package");
      if (name != null && !packages.containsKey(name)) {
        String description = fields.getOrDefault("Description", fields.get("Description-en"));
        packages.put(
            name,
            new AptPackageInfo(
                name,
                fields.getOrDefault("Version", "0"),
                fields.getOrDefault("Priority", "optional"),
                description == null ? "" : description.strip()));
      }
    }
    return packages;
  }

  /** The first line of each field; continuation lines (starting with a space) are skipped. */
  private static Map<String, String> fieldsOf(String paragraph) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>(List.of(paragraph.split("\n")));
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || colon <= 0) {
        continue;
      }
      fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return fields;
  }
}
