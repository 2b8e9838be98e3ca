package dev.ops.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An image as an OCI image manifest: one config blob and one cpio blob per layer. The same document
 * is what the registry stores, so local and fleet images are one format.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageManifest(
    int schemaVersion,
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations) {

  public static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String ARTIFACT_TYPE = "application/vnd.ops.image.v1";
  public static final String LAYER_MEDIA_TYPE = "application/vnd.ops.image.layer.v1.cpio";
  public static final String LAYER_NAME = "dev.ops.layer.name";
  public static final String KERNEL_NAME = "dev.ops.kernel.name";
  public static final String KERNEL_DIGEST = "dev.ops.kernel.digest";
  public static final String PACKAGE = "dev.ops.package";

  /** An OCI content descriptor. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Descriptor(
      String mediaType, String digest, long size, Map<String, String> annotations) {}

  public long totalLayerSize() {
    return layers.stream().mapToLong(Descriptor::size).sum();
  }
}
