package dev.ops.core.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code .modinfo} section of a Linux kernel module: what the kernel and modprobe know about it
 * without loading it.
 *
 * <p>The section is a run of NUL-terminated "key=value" strings; a key may repeat (there is one
 * "alias=" per device the module drives).
 *
 * @param name the module's name, from "name=", or from the file name when that entry is absent
 * @param dependencies the modules that must be loaded first, from "depends="
 * @param softDependenciesBefore modules modprobe loads first if it can, from "softdep=pre:"
 * @param softDependenciesAfter modules modprobe loads afterwards if it can, from "softdep=post:"
 * @param fields every entry, each key with its values in file order
 */
public record KernelModuleInfo(
    String name,
    List<String> dependencies,
    List<String> softDependenciesBefore,
    List<String> softDependenciesAfter,
    Map<String, List<String>> fields) {

  public KernelModuleInfo {
    dependencies = List.copyOf(dependencies);
    softDependenciesBefore = List.copyOf(softDependenciesBefore);
    softDependenciesAfter = List.copyOf(softDependenciesAfter);
    fields = copyOf(fields);
  }

  /**
   * Reads the {@code .modinfo} section of the module at {@code moduleFile} (an uncompressed {@code
   * .ko}).
   */
  public static KernelModuleInfo read(Path moduleFile) throws IOException {
    ElfFile elf = ElfFile.read(moduleFile);
    byte[] modinfo =
        elf.sectionContents(".modinfo")
            .orElseThrow(
                () ->
                    new ElfFormatException(
                        moduleFile,
                        "it has no .modinfo section, so it is not a Linux kernel module;"
                            + " perhaps you should pass the module's .ko file"));
    return parse(modinfo, nameFromFile(moduleFile));
  }

  /** Parses section bytes; {@code fallbackName} is used when there is no "name=" entry. */
  public static KernelModuleInfo parse(byte[] modinfo, String fallbackName) {
    Map<String, List<String>> fields = parseFields(modinfo);
    String name = first(fields, "name", fallbackName);
    List<String> dependencies = splitDependencies(first(fields, "depends", ""));
    List<String> before = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (String softdep : fields.getOrDefault("softdep", List.of())) {
      addSoftDependencies(softdep, before, after);
    }
    return new KernelModuleInfo(name, dependencies, before, after, fields);
  }

  private static Map<String, List<String>> parseFields(byte[] modinfo) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    // Entries are NUL-terminated and may be padded with extra NULs for alignment.
    for (String entry : new String(modinfo, StandardCharsets.UTF_8).split("\0")) {
      int equals = entry.indexOf('=');
      if (equals > 0) {
        String key = entry.substring(0, equals);
        fields.computeIfAbsent(key, k -> new ArrayList<>()).add(entry.substring(equals + 1));
      }
    }
    return fields;
  }

  private static String first(Map<String, List<String>> fields, String key, String fallback) {
    List<String> values = fields.get(key);
    return values == null ? fallback : values.get(0);
  }

  private static List<String> splitDependencies(String depends) {
    return List.of(depends.split(",")).stream()
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  /** A softdep value reads like "pre: crc32c post: ghash": markers switch the list. */
  private static void addSoftDependencies(String softdep, List<String> before, List<String> after) {
    List<String> current = null;
    for (String word : softdep.strip().split("\\s+")) {
      if (word.equals("pre:")) {
        current = before;
      } else if (word.equals("post:")) {
        current = after;
      } else if (current != null && !word.isEmpty()) {
        current.add(word);
      }
    }
  }

  /** Like modprobe: "virtio-net.ko" is module "virtio_net". */
  private static String nameFromFile(Path moduleFile) {
    String fileName = String.valueOf(moduleFile.getFileName());
    int dot = fileName.indexOf(".ko");
    String base = dot > 0 ? fileName.substring(0, dot) : fileName;
    return base.replace('-', '_');
  }

  private static Map<String, List<String>> copyOf(Map<String, List<String>> fields) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    fields.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
