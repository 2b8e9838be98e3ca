package dev.ops.registry.packages;

/**
 * The body of a package registration. {@code name} and {@code version} may be left out when they
 * are in the path; {@code reference} is a tag or digest of a manifest in {@code repository}.
 */
public record PackageRegistration(
    String name,
    String version,
    String architecture,
    String description,
    String language,
    String repository,
    String reference) {}
