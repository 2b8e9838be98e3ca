package dev.ops.builder.testing;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.util.Digests;
import dev.ops.events.build.BlobFile;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.Symlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes build requests the way a requester does: resolves a program's closure on this machine,
 * uploads the blobs the registry lacks into the image's repository, and describes them.
 */
public final class TestRequests {

  private final RegistryClient registry;
  private final ImageBuilder planner;

  public TestRequests(RegistryClient registry, Path scratch) {
    this.registry = registry;
    BlobStore blobs = new BlobStore(scratch.resolve("blobs"));
    this.planner =
        new ImageBuilder(
            new ImageStore(scratch.resolve("images"), blobs),
            new KernelCatalogue(dev.ops.core.OpsHome.at(scratch), Progress.SILENT),
            Progress.SILENT);
  }

  public static String newBuildId() {
    return "b-" + UUID.randomUUID();
  }

  /** A request for {@code program} as {@code image} ({@code repository:tag}), its blobs pushed. */
  public BuildRequested request(String buildId, String image, Path program) {
    BuildPlan plan = planner.plan(ImageSpec.of(program));
    String repository = image.substring(0, image.indexOf(':'));
    return new BuildRequested(
        buildId,
        image,
        upload(repository, plan.programPath(), 0755, plan.program().source()),
        plan.libraries().stream()
            .map(file -> upload(repository, file.guestPath(), file.mode(), file.source()))
            .toList(),
        List.of(),
        plan.symlinks().stream().map(link -> new Symlink(link.guestPath(), link.target())).toList(),
        plan.args(),
        plan.env(),
        plan.nameServers(),
        null,
        "test");
  }

  /** A request whose program is a blob of {@code content}, pushed unless {@code push} is false. */
  public BuildRequested requestForBytes(
      String buildId, String image, byte[] content, boolean push) {
    String repository = image.substring(0, image.indexOf(':'));
    BlobDescriptor blob = new BlobDescriptor(Digests.of(content), content.length);
    if (push) {
      registry.pushBlob(repository, content);
    }
    BlobFile program = new BlobFile("/app", blob.digest(), blob.size(), "0755");
    return new BuildRequested(
        buildId, image, program, List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(),
        null, "test");
  }

  private BlobFile upload(String repository, String guestPath, int mode, Path file) {
    try {
      BlobDescriptor blob = new BlobDescriptor(Digests.of(file), Files.size(file));
      if (!registry.hasBlob(repository, blob.digest())) {
        registry.pushBlob(repository, file, blob);
      }
      return new BlobFile(guestPath, blob.digest(), blob.size(), String.format("%04o", mode));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
