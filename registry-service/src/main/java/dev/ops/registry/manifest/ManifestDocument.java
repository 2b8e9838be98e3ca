package dev.ops.registry.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The parts of a pushed manifest the registry checks and indexes.
 *
 * @param blobs config and layers of an image manifest, in document order
 * @param manifests the manifests an index lists
 */
public record ManifestDocument(
    String mediaType,
    Optional<String> artifactType,
    List<Descriptor> blobs,
    List<Descriptor> manifests,
    Optional<Descriptor> subject) {}
