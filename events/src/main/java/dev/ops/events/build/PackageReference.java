package dev.ops.events.build;

import dev.ops.events.Require;

/**
 * A package an image is built on, already in the registry as {@code packages/<name>:<version>}:
 * builders pull it by this digest, so a version pushed again later does not change the build.
 *
 * @param name the package's name
 * @param version its version (the tag in {@code packages/<name>})
 * @param digest the digest of its manifest
 */
public record PackageReference(String name, String version, String digest) {

  public PackageReference {
    Require.text(name, "name");
    Require.text(version, "version");
    Require.digest(digest, "digest");
  }
}
