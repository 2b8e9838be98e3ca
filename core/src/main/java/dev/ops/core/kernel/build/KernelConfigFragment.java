package dev.ops.core.kernel.build;

import dev.ops.core.OpsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A kconfig fragment: the options ops sets on top of {@code make tinyconfig}. Kept with its exact
 * bytes because they are part of the build's cache key (a changed comment is a new kernel build,
 * which is rare and keeps the key trivially explainable).
 */
public final class KernelConfigFragment {

  /**
   * Where core's jar carries {@code kernel-config/minimal.config} once its pom copies it there (see
   * kernel-config/README.md); until then read the file with {@link #read(Path)}.
   */
  public static final String BUNDLED_RESOURCE = "dev/ops/core/kernel/minimal.config";

  private final String origin;
  private final byte[] bytes;
  private final List<KconfigOption> options;

  private KernelConfigFragment(String origin, byte[] bytes, List<KconfigOption> options) {
    this.origin = origin;
    this.bytes = bytes;
    this.options = options;
  }

  public static KernelConfigFragment read(Path file) {
    try {
      return parse(file.toString(), Files.readAllBytes(file));
    } catch (IOException e) {
      throw new OpsException(
          "could not read the kernel config fragment " + file + ": " + e.getMessage(),
          "the fragment ships with ops as kernel-config/minimal.config; check the path");
    }
  }

  /** The fragment ops ships, from core's classpath. */
  public static KernelConfigFragment bundled() {
    return fromResource(BUNDLED_RESOURCE);
  }

  static KernelConfigFragment fromResource(String resource) {
    ClassLoader loader = KernelConfigFragment.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new OpsException(
            "the kernel config fragment " + resource + " is not on the classpath",
            "this build of ops lacks kernel-config/minimal.config; rebuild it with 'mvn package'"
                + " from the repository root");
      }
      return parse("classpath:" + resource, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the resource " + resource, e);
    }
  }

  /**
   * Parses a fragment. Lines are options ({@code CONFIG_X=v} or {@code # CONFIG_X is not set}),
   * comments or blank; anything else, and a symbol named twice, is an error rather than a guess.
   *
   * @param origin where the text came from, for error messages
   */
  public static KernelConfigFragment parse(String origin, byte[] bytes) {
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    Map<String, KconfigOption> options = new LinkedHashMap<>();
    for (int i = 0; i < lines.length; i++) {
      Optional<KconfigOption> option = parseLine(origin, i + 1, lines[i].strip());
      if (option.isPresent() && options.put(option.get().name(), option.get()) != null) {
        throw malformed(origin, i + 1, option.get().name() + " is set twice");
      }
    }
    return new KernelConfigFragment(origin, bytes.clone(), List.copyOf(options.values()));
  }

  private static Optional<KconfigOption> parseLine(String origin, int number, String line) {
    Optional<KconfigOption> option;
    try {
      option = DotConfig.parseLine(line);
    } catch (IllegalArgumentException e) {
      throw malformed(origin, number, e.getMessage());
    }
    if (option.isEmpty() && !line.isEmpty() && !line.startsWith("#")) {
      throw malformed(origin, number, "'" + line + "' is neither an option nor a comment");
    }
    return option;
  }

  private static OpsException malformed(String origin, int line, String problem) {
    return new OpsException(
        "kernel config fragment " + origin + ", line " + line + ": " + problem,
        "write options as CONFIG_X=y or '# CONFIG_X is not set', one per line");
  }

  public List<KconfigOption> options() {
    return options;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public String origin() {
    return origin;
  }

  /**
   * The base {@code .config} with this fragment's options in place of the base's, as {@code
   * scripts/kconfig/merge_config.sh -m} does. Run {@code make olddefconfig} on the result: it
   * resolves dependencies and fills in the symbols that the fragment made visible.
   */
  public String mergeInto(String baseConfig) {
    Set<String> names = options.stream().map(KconfigOption::name).collect(Collectors.toSet());
    StringBuilder merged = new StringBuilder();
    for (String line : baseConfig.split("\n")) {
      Optional<KconfigOption> existing = DotConfig.parseLine(line.strip());
      if (existing.isEmpty() || !names.contains(existing.get().name())) {
        merged.append(line).append('\n');
      }
    }
    merged.append("# ops: ").append(origin).append('\n');
    options.forEach(option -> merged.append(option.toConfigLine()).append('\n'));
    return merged.toString();
  }

  /** The options the final configuration does not set as this fragment asks, in fragment order. */
  public List<Mismatch> mismatchesIn(DotConfig config) {
    List<Mismatch> mismatches = new ArrayList<>();
    for (KconfigOption wanted : options) {
      String actual = config.valueOf(wanted.name());
      if (!wanted.isSatisfiedBy(actual)) {
        mismatches.add(new Mismatch(wanted, actual));
      }
    }
    return mismatches;
  }

  /**
   * Fails naming every option that kconfig did not set as asked. Kconfig drops an option whose
   * dependencies are off, and keeps one on that another option selects, without a word; a kernel
   * built anyway would lack, say, virtio-net and fail only when a program runs.
   */
  public void requireSatisfiedBy(DotConfig config) {
    List<Mismatch> mismatches = mismatchesIn(config);
    if (!mismatches.isEmpty()) {
      throw new OpsException(
          "the kernel configuration does not set "
              + mismatches.size()
              + " option(s) of "
              + origin
              + " as asked: "
              + mismatches.stream().map(Mismatch::describe).collect(Collectors.joining(", ")),
          "an option is dropped when its dependencies are off and kept on when another option"
              + " selects it; look the option up (make ARCH=x86_64 menuconfig, then '/' and its"
              + " name shows 'Depends on' and 'Selected by') and fix the fragment");
    }
  }

  /** An option of the fragment and the value the configuration ended up with instead. */
  public record Mismatch(KconfigOption wanted, String actual) {

    public String describe() {
      return wanted.name() + " (asked " + wanted.value() + ", got " + actual + ")";
    }
  }
}
