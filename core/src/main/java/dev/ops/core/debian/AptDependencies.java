package dev.ops.core.debian;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@code apt-cache depends} prints: for each package, the packages it needs to run
 * ({@code Depends} and {@code PreDepends}). Of alternatives ({@code a | b}) the first is taken, as
 * apt would; a virtual package ({@code <debconf-2.0>}) stands for the first package listed as
 * providing it. The host's installed packages play no part, so the answer is the same on every
 * machine with the same package lists.
 */
public final class AptDependencies {

  private AptDependencies() {}

  /** One possibility of a dependency: a package, or a virtual one and what provides it. */
  private record Alternative(String name, boolean virtual, List<String> providers) {
    Optional<String> chosen() {
      if (!virtual) {
        return Optional.of(name);
      }
      return providers.stream().findFirst();
    }
  }

  /** Package name to the packages it needs, in the order printed. */
  public static Map<String, List<String>> parse(String output) {
    Map<String, List<List<Alternative>>> groups = new LinkedHashMap<>();
    List<List<Alternative>> current = null;
    boolean continuesGroup = false;
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (!line.startsWith(" ")) {
        // A package's header; a virtual one given by name ("<foo>") has nothing to read.
        current = line.startsWith("<") ? null : new ArrayList<>();
        if (current != null) {
          groups.put(packageName(line), current);
        }
        continuesGroup = false;
        continue;
      }
      if (current == null) {
        continue;
      }
      String trimmed = line.strip();
      boolean alternativeFollows = trimmed.startsWith("|");
      String body = alternativeFollows ? trimmed.substring(1) : trimmed;
      int colon = body.indexOf(": ");
      String field = colon < 0 ? "" : body.substring(0, colon);
      if (field.equals("Depends") || field.equals("PreDepends")) {
        String word = body.substring(colon + 2).strip();
        if (!continuesGroup) {
          current.add(new ArrayList<>());
        }
        current.get(current.size() - 1).add(alternativeOf(word));
        continuesGroup = alternativeFollows;
      } else if (colon < 0 && !current.isEmpty()) {
        addProvider(current.get(current.size() - 1), packageName(body));
      }
    }
    Map<String, List<String>> needs = new LinkedHashMap<>();
    groups.forEach((name, packageGroups) -> needs.put(name, choose(packageGroups)));
    return needs;
  }

  private static Alternative alternativeOf(String word) {
    if (word.startsWith("<") && word.endsWith(">")) {
      return new Alternative(word.substring(1, word.length() - 1), true, new ArrayList<>());
    }
    return new Alternative(packageName(word), false, List.of());
  }

  /** A line indented under a virtual dependency names one of its providers. */
  private static void addProvider(List<Alternative> group, String provider) {
    Alternative last = group.get(group.size() - 1);
    if (last.virtual()) {
      last.providers().add(provider);
    }
  }

  private static List<String> choose(List<List<Alternative>> packageGroups) {
    List<String> chosen = new ArrayList<>();
    for (List<Alternative> group : packageGroups) {
      group.stream()
          .map(Alternative::chosen)
          .flatMap(Optional::stream)
          .findFirst()
          .filter(name -> !chosen.contains(name))
          .ifPresent(chosen::add);
    }
    return chosen;
  }

  /**
   * {@code python3:any} and {@code libc6:amd64} name the packages {@code python3}, {@code libc6}.
   */
  static String packageName(String word) {
    String name = word.strip();
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
