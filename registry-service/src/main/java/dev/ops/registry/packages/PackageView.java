package dev.ops.registry.packages;

import java.time.Instant;

/** A package version as the index API shows it; {@code digest} is its manifest's digest. */
public record PackageView(
    String name,
    String version,
    String architecture,
    String description,
    String language,
    String repository,
    String digest,
    String artifactType,
    Instant updatedAt) {}
