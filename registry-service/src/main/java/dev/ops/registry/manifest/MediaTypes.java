package dev.ops.registry.manifest;

import java.util.Set;
import java.util.regex.Pattern;

/** Media types the registry knows: manifest formats, and the ops artifacts it checks further. */
public final class MediaTypes {

  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** An ops image: {@code config.json}-like configuration and one newc cpio per layer. */
  public static final String OPS_IMAGE = "application/vnd.ops.image.v1";

  public static final String OPS_IMAGE_CONFIG = "application/vnd.ops.image.config.v1+json";
  public static final String OPS_IMAGE_LAYER = "application/vnd.ops.image.layer.v1.cpio";

  public static final Set<String> IMAGE_MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private MediaTypes() {}

  public static boolean isManifest(String mediaType) {
    return IMAGE_MANIFESTS.contains(mediaType) || INDEXES.contains(mediaType);
  }

  /** True for a well-formed type/subtype (RFC 6838), which is all OCI asks of a media type. */
  public static boolean isWellFormed(String mediaType) {
    return mediaType != null && MEDIA_TYPE.matcher(mediaType).matches();
  }

  /** The media type of a Content-Type header, without parameters. */
  public static String withoutParameters(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }
}
