package dev.ops.cli;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.LayerEntry;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.util.Digests;
import dev.ops.events.build.BlobFile;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.PackageReference;
import dev.ops.events.build.Symlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a plan made on the user's machine into a build request any builder can build: every file
 * becomes a blob in the image's repository (only those the registry lacks are sent), described by
 * digest, guest path and mode.
 */
final class FleetRequest {

  private static final double MIB = 1 << 20;

  private final RegistryClient registry;
  private final String repository;
  private final Progress progress;
  private final Map<Path, BlobDescriptor> digests = new HashMap<>();

  FleetRequest(RegistryClient registry, String repository, Progress progress) {
    this.registry = registry;
    this.repository = repository;
    this.progress = progress;
  }

  /** A build id as the contract recommends: {@code b-} and a random UUID. */
  static String newBuildId() {
    return "b-" + UUID.randomUUID();
  }

  /**
   * Uploads what the registry lacks and describes the build; {@code basePackage} names the package
   * a plan on a package builds on (already pushed), and is {@code null} otherwise.
   */
  BuildRequested prepare(
      String buildId,
      String image,
      BuildPlan plan,
      String requestedBy,
      PackageReference basePackage) {
    warnAboutEmptyDirectories(plan);
    BlobFile program =
        plan.program() == null
            ? null
            : blobFile(plan.programPath(), plan.program().mode(), plan.program().source());
    List<BlobFile> libraries = plan.libraries().stream().map(this::blobFile).toList();
    List<BlobFile> files =
        plan.files().stream()
            .filter(LayerEntry.HostFile.class::isInstance)
            .map(entry -> blobFile((LayerEntry.HostFile) entry))
            .toList();
    upload();
    return new BuildRequested(
        buildId,
        image,
        program,
        libraries,
        files,
        plan.symlinks().stream().map(link -> new Symlink(link.guestPath(), link.target())).toList(),
        plan.args(),
        plan.env(),
        plan.nameServers(),
        plan.kernel(),
        requestedBy,
        basePackage);
  }

  private BlobFile blobFile(LayerEntry.HostFile file) {
    return blobFile(file.guestPath(), file.mode(), file.source());
  }

  private BlobFile blobFile(String guestPath, int mode, Path source) {
    BlobDescriptor blob = digests.computeIfAbsent(source, FleetRequest::describe);
    return new BlobFile(guestPath, blob.digest(), blob.size(), String.format("%04o", mode));
  }

  private static BlobDescriptor describe(Path file) {
    try {
      return new BlobDescriptor(Digests.of(file), Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  /** Sends each distinct blob the registry does not have yet. */
  private void upload() {
    Map<String, Path> distinct = new LinkedHashMap<>();
    digests.forEach((file, blob) -> distinct.putIfAbsent(blob.digest(), file));
    int sent = 0;
    long bytes = 0;
    for (Map.Entry<String, Path> blob : distinct.entrySet()) {
      BlobDescriptor descriptor = digests.get(blob.getValue());
      if (!registry.hasBlob(repository, blob.getKey())) {
        registry.pushBlob(repository, blob.getValue(), descriptor);
        sent++;
        bytes += descriptor.size();
      }
    }
    progress.milestone(
        String.format(
            "uploaded %d of %d blobs (%.1f MiB) to %s/%s, the registry had the rest",
            sent, distinct.size(), bytes / MIB, registry.registry(), repository));
  }

  /**
   * Requests carry files and links, not directories: a directory with something in it comes back as
   * a parent, an empty one does not.
   */
  private void warnAboutEmptyDirectories(BuildPlan plan) {
    List<String> paths = new ArrayList<>();
    plan.files().forEach(entry -> paths.add(entry.guestPath()));
    plan.symlinks().forEach(link -> paths.add(link.guestPath()));
    for (LayerEntry entry : plan.files()) {
      if (entry instanceof LayerEntry.Directory directory
          && paths.stream().noneMatch(path -> path.startsWith(directory.guestPath() + "/"))) {
        progress.milestone(
            "the empty directory "
                + directory.guestPath()
                + " is left out: fleet builds carry files and links only");
      }
    }
  }
}
