package dev.ops.core.pkg;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a package says about itself; stored as the config blob of the package's OCI manifest. The
 * package's files are one cpio layer laid out as they will be in the guest.
 *
 * @param name the package name
 * @param version its version
 * @param description one line for listings and searches
 * @param language what programs it runs: {@code javascript}, {@code python}, {@code php}, or {@code
 *     native} for a plain ELF program
 * @param architecture {@code amd64}
 * @param program the interpreter or program, as a path in the guest
 * @param args default arguments after the program name; the user's replace them
 * @param env default environment; the user's variables win key by key
 * @param source where it came from, for people: {@code debian:nodejs=18.19.0+dfsg-6~deb12u2}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackageConfig(
    String name,
    String version,
    String description,
    String language,
    String architecture,
    String program,
    List<String> args,
    Map<String, String> env,
    String source) {

  public static final String MEDIA_TYPE = "application/vnd.ops.package.config.v1+json";
  public static final String ARTIFACT_TYPE = "application/vnd.ops.package.v1";
  public static final String ARCHITECTURE = "amd64";

  public PackageConfig {
    PackageName.requireValidName(name);
    PackageName.requireValidVersion(version);
    description = description == null ? "" : description;
    language = language == null ? "native" : language;
    architecture = architecture == null ? ARCHITECTURE : architecture;
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
  }

  public PackageName id() {
    return new PackageName(name, version);
  }

  public PackageConfig renamed(String newName, String newVersion) {
    return new PackageConfig(
        newName, newVersion, description, language, architecture, program, args, env, source);
  }

  /**
   * The language a program speaks, guessed from its file name: what {@code ops pkg search} filters
   * on when the package's maker did not say.
   */
  public static String languageOf(String programPath) {
    String file = programPath.substring(programPath.lastIndexOf('/') + 1);
    if (file.startsWith("node")) {
      return "javascript";
    }
    if (file.startsWith("python")) {
      return "python";
    }
    if (file.startsWith("php")) {
      return "php";
    }
    if (file.startsWith("ruby")) {
      return "ruby";
    }
    if (file.startsWith("perl")) {
      return "perl";
    }
    return "native";
  }
}
