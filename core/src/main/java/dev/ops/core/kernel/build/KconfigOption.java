package dev.ops.core.kernel.build;

/**
 * One kconfig option as a fragment asks for it or a {@code .config} holds it.
 *
 * @param name the symbol with its prefix, such as {@code CONFIG_SMP}
 * @param value {@code y}, {@code m}, a number or a quoted string as kconfig writes it, or {@link
 *     #DISABLED} for {@code # CONFIG_X is not set}
 */
public record KconfigOption(String name, String value) {

  /** How kconfig spells "off"; an absent symbol is off too. */
  public static final String DISABLED = "n";

  public KconfigOption {
    if (!name.matches("CONFIG_[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("not a kconfig symbol: " + name);
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " has an empty value");
    }
  }

  public boolean isDisabled() {
    return value.equals(DISABLED);
  }

  /** The option as a {@code .config} line. */
  public String toConfigLine() {
    return isDisabled() ? "# " + name + " is not set" : name + "=" + value;
  }

  /**
   * Whether a value read from a {@code .config} is the one asked for. Hex numbers compare without
   * regard to case because kconfig may rewrite {@code 0X200000} as {@code 0x200000}.
   */
  public boolean isSatisfiedBy(String actual) {
    return value.startsWith("0x") || value.startsWith("0X")
        ? value.equalsIgnoreCase(actual)
        : value.equals(actual);
  }
}
