package dev.ops.core.elf;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands the loader's dynamic string tokens in one search path element.
 *
 * <p>{@code $ORIGIN} is the directory of the object whose search path it is; {@code $PLATFORM} is
 * "x86_64". {@code $LIB} is "lib/x86_64-linux-gnu" in Debian's and Ubuntu's glibc but "lib64" in
 * Fedora's, Arch's and most others'; since ops cannot know which loader a sysroot's program will
 * meet, an element with {@code $LIB} expands to both directories, Debian's first. Extra candidates
 * cost nothing when absent. Unknown tokens stay as they are, as in glibc.
 */
final class SearchPathTokens {
  static final String PLATFORM = "x86_64";
  static final List<String> LIB_DIRECTORIES = List.of("lib/x86_64-linux-gnu", "lib64");

  private SearchPathTokens() {}

  /** The directories {@code element} stands for, with {@code origin} for $ORIGIN. */
  static List<String> expand(String element, String origin) {
    List<String> results = new ArrayList<>();
    if (!containsLibToken(element)) {
      results.add(substitute(element, origin, null));
      return results;
    }
    for (String lib : LIB_DIRECTORIES) {
      results.add(substitute(element, origin, lib));
    }
    return results;
  }

  private static boolean containsLibToken(String element) {
    int dollar = element.indexOf('$');
    while (dollar >= 0) {
      Token token = Token.at(element, dollar + 1);
      if (token.name().equals("LIB")) {
        return true;
      }
      dollar = element.indexOf('$', token.end());
    }
    return false;
  }

  private static String substitute(String element, String origin, String lib) {
    StringBuilder result = new StringBuilder();
    int i = 0;
    while (i < element.length()) {
      char c = element.charAt(i);
      if (c != '$') {
        result.append(c);
        i++;
        continue;
      }
      Token token = Token.at(element, i + 1);
      String value = valueOf(token.name(), origin, lib);
      result.append(value != null ? value : element.substring(i, token.end()));
      i = token.end();
    }
    return result.toString();
  }

  private static String valueOf(String name, String origin, String lib) {
    switch (name) {
      case "ORIGIN":
        return origin;
      case "PLATFORM":
        return PLATFORM;
      case "LIB":
        return lib;
      default:
        return null;
    }
  }

  /** A token name after '$', written NAME or {NAME}, and where the text after it starts. */
  private record Token(String name, int end) {
    static Token at(String text, int start) {
      if (start < text.length() && text.charAt(start) == '{') {
        int close = text.indexOf('}', start);
        if (close < 0) {
          return new Token("", start);
        }
        return new Token(text.substring(start + 1, close), close + 1);
      }
      int end = start;
      while (end < text.length() && isNameCharacter(text.charAt(end))) {
        end++;
      }
      return new Token(text.substring(start, end), end);
    }

    private static boolean isNameCharacter(char c) {
      return Character.isLetterOrDigit(c) || c == '_';
    }
  }
}
