package dev.ops.core.elf;

import java.util.List;

/**
 * A library (or loader) the dynamic loader would fail to find.
 *
 * @param name the name asked for: a {@code DT_NEEDED} soname, or the {@code PT_INTERP} path
 * @param neededBy the guest path of the object that asked for it
 * @param searchedDirectories every directory looked in, in order; empty for a name with a "/"
 * @param problems why candidates that do exist were not taken, one sentence each
 */
public record MissingLibrary(
    String name, String neededBy, List<String> searchedDirectories, List<String> problems) {

  public MissingLibrary {
    searchedDirectories = List.copyOf(searchedDirectories);
    problems = List.copyOf(problems);
  }

  /** One paragraph for an error message. */
  String describe() {
    StringBuilder text = new StringBuilder();
    text.append("  ").append(name).append(", needed by ").append(neededBy);
    if (!searchedDirectories.isEmpty()) {
      text.append("; looked in ").append(String.join(", ", searchedDirectories));
    }
    for (String problem : problems) {
      text.append("\n    ").append(problem);
    }
    return text.toString();
  }
}
