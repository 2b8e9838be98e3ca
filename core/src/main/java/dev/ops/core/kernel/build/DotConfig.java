package dev.ops.core.kernel.build;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options a kernel {@code .config} sets. Symbols it does not mention are off, exactly as
 * kconfig reads them: {@code # CONFIG_X is not set} and absence mean the same thing.
 */
public final class DotConfig {

  private static final Pattern SET = Pattern.compile("^(CONFIG_[A-Za-z0-9_]+)=(.*)$");
  private static final Pattern NOT_SET = Pattern.compile("^# (CONFIG_[A-Za-z0-9_]+) is not set$");

  private final Map<String, String> values;

  private DotConfig(Map<String, String> values) {
    this.values = values;
  }

  public static DotConfig parse(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      parseLine(line.strip()).ifPresent(option -> values.put(option.name(), option.value()));
    }
    return new DotConfig(values);
  }

  /**
   * One {@code .config} or fragment line as an option; blank lines and other comments are empty.
   */
  static Optional<KconfigOption> parseLine(String line) {
    Matcher set = SET.matcher(line);
    if (set.matches()) {
      return Optional.of(new KconfigOption(set.group(1), set.group(2)));
    }
    Matcher notSet = NOT_SET.matcher(line);
    if (notSet.matches()) {
      return Optional.of(new KconfigOption(notSet.group(1), KconfigOption.DISABLED));
    }
    return Optional.empty();
  }

  /** The value of the symbol, {@code n} when the file leaves it off or does not mention it. */
  public String valueOf(String name) {
    return values.getOrDefault(name, KconfigOption.DISABLED);
  }

  /** How many options are switched on ({@code =y}), a rough measure of the kernel's size. */
  public long enabledCount() {
    return values.values().stream().filter("y"::equals).count();
  }
}
