package dev.ops.core.pkg;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orders versions as people read them: runs of digits compare as numbers, so {@code 3.11.2} comes
 * after {@code 3.9.18} and {@code 20.1} after {@code 9.0}; other runs compare as text. It decides
 * what {@code latest} means.
 */
public final class VersionOrder implements Comparator<String> {

  public static final VersionOrder INSTANCE = new VersionOrder();

  private static final Pattern RUN = Pattern.compile("\\d+|[^\\d]+");

  private VersionOrder() {}

  @Override
  public int compare(String left, String right) {
    Matcher a = RUN.matcher(left);
    Matcher b = RUN.matcher(right);
    while (true) {
      boolean moreA = a.find();
      boolean moreB = b.find();
      if (!moreA || !moreB) {
        return Boolean.compare(moreA, moreB);
      }
      int order = compareRuns(a.group(), b.group());
      if (order != 0) {
        return order;
      }
    }
  }

  private static int compareRuns(String a, String b) {
    boolean numberA = Character.isDigit(a.charAt(0));
    boolean numberB = Character.isDigit(b.charAt(0));
    if (numberA && numberB) {
      String trimmedA = a.replaceFirst("^0+(?=.)", "");
      String trimmedB = b.replaceFirst("^0+(?=.)", "");
      int byLength = Integer.compare(trimmedA.length(), trimmedB.length());
      return byLength != 0 ? byLength : trimmedA.compareTo(trimmedB);
    }
    if (numberA != numberB) {
      // 1.0.1 is later than 1.0-beta: a number outranks a word at the same place.
      return numberA ? 1 : -1;
    }
    return a.compareTo(b);
  }
}
