package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.util.Digests;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names an artifact in a registry as docker and the OCI tools write it: {@code
 * host[:port]/repository[:tag][@sha256:...]}, such as {@code localhost:5050/hello:latest}. The
 * first path component is the registry only when it looks like a host (it has a dot or a port, or
 * is {@code localhost}); otherwise the whole name is the repository in the default registry.
 *
 * @param registry {@code host[:port]}
 * @param repository the repository path, per the OCI distribution spec's name rules
 * @param tag the tag, or {@code null} when only a digest is given
 * @param digest the manifest digest, or {@code null}
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  public static final String DEFAULT_TAG = "latest";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
  private static final String LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
  private static final Pattern REGISTRY =
      Pattern.compile(
          "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

  /**
   * The rough shape, checked in detail afterwards. The first component is a registry when it looks
   * like a host (a dot, a port, {@code localhost} or an IPv6 address), as docker decides.
   */
  private static final Pattern SHAPE =
      Pattern.compile(
          "(?:(?<registry>[^/@]*[.:][^/@]*|localhost|\\[[^/@]+)/)?"
              + "(?<repository>[^:@]+)(?::(?<tag>[^@/]+))?(?:@(?<digest>.+))?");

  /** Registries limit the repository name, host included, to 255 characters. */
  private static final int MAX_NAME_LENGTH = 255;

  private static final String FORM = "write it as host[:port]/repository[:tag] or ...@sha256:<hex>";

  public ImageReference {
    requireRegistry(registry);
    requireRepository(repository);
    if (tag == null && digest == null) {
      throw new OpsException("a reference needs a tag or a digest", FORM);
    }
    if (tag != null) {
      requireTag(tag);
    }
    if (digest != null) {
      requireDigest(digest);
    }
    if (registry.length() + 1 + repository.length() > MAX_NAME_LENGTH) {
      throw new OpsException(
          "the name " + registry + "/" + repository + " is too long",
          "registries accept at most " + MAX_NAME_LENGTH + " characters");
    }
  }

  /** Parses a reference that names its registry. */
  public static ImageReference parse(String text) {
    return parse(text, Optional.empty());
  }

  /**
   * Parses a reference; one without a host is in {@code defaultRegistry}, one with neither tag nor
   * digest gets the tag {@value #DEFAULT_TAG}.
   */
  public static ImageReference parse(String text, Optional<String> defaultRegistry) {
    Matcher parts = SHAPE.matcher(text == null ? "" : text.strip());
    if (!parts.matches()) {
      throw new OpsException("'" + text + "' is not an image reference", FORM);
    }
    String tag = parts.group("tag");
    String digest = parts.group("digest");
    String registry =
        Optional.ofNullable(parts.group("registry"))
            .or(() -> defaultRegistry)
            .orElseThrow(() -> noRegistry(text));
    return new ImageReference(
        registry,
        parts.group("repository"),
        tag == null && digest == null ? DEFAULT_TAG : tag,
        digest);
  }

  public static ImageReference of(String registry, String repository, String tag) {
    return new ImageReference(registry, repository, tag, null);
  }

  /** Checks a repository path against the spec's rules, for callers that take one alone. */
  public static String requireRepository(String repository) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      throw new OpsException(
          "'" + repository + "' is not a valid repository name",
          "use lower-case letters and digits, separated by '.', '_', '__' or '-', in components"
              + " joined by '/', such as team/hello");
    }
    return repository;
  }

  /** Checks a tag or a digest, whichever the text is. */
  public static String requireTagOrDigest(String reference) {
    if (reference != null && reference.startsWith(Digests.SHA256_PREFIX)) {
      return requireDigest(reference);
    }
    return requireTag(reference);
  }

  private static String requireTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new OpsException(
          "'" + tag + "' is not a valid tag",
          "use up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
    }
    return tag;
  }

  private static String requireDigest(String digest) {
    if (!Digests.isValid(digest)) {
      throw new OpsException(
          "'" + digest + "' is not a valid digest",
          "only sha256 digests are supported: sha256:<64 lower-case hex digits>");
    }
    return digest;
  }

  /** What the manifest endpoints take: the digest when there is one, else the tag. */
  public String reference() {
    return digest != null ? digest : tag;
  }

  /** The last path component, a natural local image name. */
  public String lastComponent() {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }

  public ImageReference withDigest(String manifestDigest) {
    return new ImageReference(registry, repository, tag, manifestDigest);
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag != null ? ":" + tag : "")
        + (digest != null ? "@" + digest : "");
  }

  private static void requireRegistry(String registry) {
    if (registry == null || !REGISTRY.matcher(registry).matches()) {
      throw new OpsException("'" + registry + "' is not a valid registry host", FORM);
    }
  }

  private static OpsException noRegistry(String text) {
    return new OpsException(
        "'" + text + "' names no registry and no default registry is configured",
        FORM
            + ", or set "
            + RegistrySettings.REGISTRY_VARIABLE
            + " (or registry.url in $OPS_HOME/config.json)");
  }
}
