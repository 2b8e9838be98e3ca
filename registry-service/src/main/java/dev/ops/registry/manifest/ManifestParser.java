package dev.ops.registry.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import dev.ops.registry.name.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a pushed manifest and checks its shape: JSON, schemaVersion 2, a known manifest media type
 * that agrees with Content-Type, well-formed descriptors, and for ops images the ops media types.
 * Whether the referenced blobs exist is checked later, against the repository.
 */
public final class ManifestParser {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ManifestParser() {}

  public static ManifestDocument parse(byte[] body, Optional<String> contentType) {
    JsonNode root = read(body);
    if (root.path("schemaVersion").asInt(-1) != 2 || !root.path("schemaVersion").isInt()) {
      throw invalid("schemaVersion must be 2; schema 1 manifests are not accepted");
    }
    String mediaType = mediaType(root, contentType);
    Optional<String> artifactType = text(root, "artifactType");
    Optional<Descriptor> subject =
        root.has("subject")
            ? Optional.of(descriptor(root.get("subject"), "subject"))
            : Optional.empty();
    if (MediaTypes.INDEXES.contains(mediaType)) {
      List<Descriptor> manifests = descriptors(root, "manifests");
      return new ManifestDocument(mediaType, artifactType, List.of(), manifests, subject);
    }
    List<Descriptor> blobs = new ArrayList<>();
    blobs.add(descriptor(required(root, "config"), "config"));
    blobs.addAll(descriptors(root, "layers"));
    ManifestDocument document =
        new ManifestDocument(mediaType, artifactType, List.copyOf(blobs), List.of(), subject);
    checkOpsImage(document);
    return document;
  }

  private static JsonNode read(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root == null || !root.isObject()) {
        throw invalid("a manifest is a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw invalid("the manifest is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("the manifest could not be read: " + e.getMessage());
    }
  }

  private static String mediaType(JsonNode root, Optional<String> contentType) {
    Optional<String> declared = text(root, "mediaType");
    Optional<String> header =
        contentType.map(MediaTypes::withoutParameters).filter(MediaTypes::isManifest);
    if (declared.isPresent() && header.isPresent() && !declared.equals(header)) {
      throw invalid(
          "Content-Type "
              + header.get()
              + " does not match the manifest's mediaType "
              + declared.get());
    }
    String mediaType =
        header
            .or(() -> declared)
            .orElseGet(
                () -> root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST);
    if (!MediaTypes.isManifest(mediaType)) {
      throw invalid(
          "manifest media type "
              + mediaType
              + " is not supported; push an OCI image manifest or index (or Docker schema 2)");
    }
    return mediaType;
  }

  private static List<Descriptor> descriptors(JsonNode root, String field) {
    JsonNode array = required(root, field);
    if (!array.isArray()) {
      throw invalid("'" + field + "' must be an array of descriptors");
    }
    List<Descriptor> result = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      result.add(descriptor(array.get(i), field + "[" + i + "]"));
    }
    return List.copyOf(result);
  }

  private static Descriptor descriptor(JsonNode node, String where) {
    if (!node.isObject()) {
      throw invalid(where + " must be a descriptor object");
    }
    String mediaType = text(node, "mediaType").orElse(null);
    if (!MediaTypes.isWellFormed(mediaType)) {
      throw invalid(where + " has no valid mediaType");
    }
    Digest digest;
    try {
      digest = Digest.parse(text(node, "digest").orElse(null));
    } catch (RegistryException e) {
      throw invalid(where + ": " + e.getMessage());
    }
    JsonNode size = node.path("size");
    if (!size.canConvertToExactIntegral() || size.asLong(-1) < 0 || !size.isIntegralNumber()) {
      throw invalid(where + " needs a size: a non-negative integer");
    }
    return new Descriptor(mediaType, digest, size.asLong());
  }

  private static void checkOpsImage(ManifestDocument document) {
    if (!document.artifactType().equals(Optional.of(MediaTypes.OPS_IMAGE))) {
      return;
    }
    Descriptor config = document.blobs().get(0);
    if (!config.mediaType().equals(MediaTypes.OPS_IMAGE_CONFIG)) {
      throw invalid("an ops image's config must have media type " + MediaTypes.OPS_IMAGE_CONFIG);
    }
    List<Descriptor> layers = document.blobs().subList(1, document.blobs().size());
    if (layers.isEmpty()) {
      throw invalid("an ops image needs at least one layer");
    }
    for (Descriptor layer : layers) {
      if (!layer.mediaType().equals(MediaTypes.OPS_IMAGE_LAYER)) {
        throw invalid(
            "ops image layer "
                + layer.digest()
                + " has media type "
                + layer.mediaType()
                + "; ops layers are "
                + MediaTypes.OPS_IMAGE_LAYER);
      }
    }
  }

  private static JsonNode required(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw invalid("the manifest has no '" + field + "'");
    }
    return node;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static RegistryException invalid(String message) {
    return RegistryError.MANIFEST_INVALID.because(message);
  }
}
