package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.image.BuildPlan;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.pkg.PackageImagePlanner;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.PackagePusher;
import dev.ops.core.registry.RegistryClient;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.events.EventPayload;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.build.PackageReference;
import java.time.Duration;

/**
 * {@code ops build --fleet}: resolve the program's closure here, upload the blobs the registry
 * lacks, publish a build request, follow its events, and print the image the builders pushed. The
 * steps are the same as a CI pipeline would take; only the closure needs this machine.
 */
final class FleetBuild {

  /** How long to follow a build; the request stays queued after that. */
  static final Duration WAIT = Duration.ofMinutes(10);

  private final Workspace workspace;
  private final KafkaSettings kafka;
  private final RegistrySettings registry;

  FleetBuild(Workspace workspace) {
    this.workspace = workspace;
    this.kafka = KafkaSettings.load(workspace.home);
    this.registry = RegistrySettings.load(workspace.home);
  }

  /**
   * Builds {@code spec} as {@code image} ({@code name[:tag]}) on the fleet, on {@code base} when it
   * is not {@code null}: the package is pushed first, and the builders pull it by digest.
   */
  BuildSucceeded build(ImageSpec spec, String image, StoredPackage base) {
    ImageReference target = registry.parse(image);
    if (target.tag() == null) {
      throw new OpsException(
          "an image is built by tag, not by digest: " + image, "name it as repository[:tag]");
    }
    String requested = requestedName(image, target);
    BuildPlan plan =
        base == null ? workspace.imageBuilder().plan(spec) : PackageImagePlanner.plan(base, spec);
    String buildId = FleetRequest.newBuildId();
    // Opened first: an unreachable Kafka is reported before anything is uploaded.
    try (BuildFollower follower = BuildFollower.open(kafka, buildId)) {
      RegistryClient client = registry.clientFor(target.registry(), workspace.progress);
      PackageReference basePackage = base == null ? null : pushPackage(client, base);
      BuildRequested request =
          new FleetRequest(client, target.repository(), workspace.progress)
              .prepare(buildId, requested, plan, requester(), basePackage);
      publish(request);
      workspace.progress.milestone("requested build " + buildId + " of " + requested);
      return outcomeOf(request, follower.awaitOutcome(WAIT, workspace.progress).orElse(null));
    }
  }

  /** Puts the package in the registry (only what it lacks), as the builders will look for it. */
  private PackageReference pushPackage(RegistryClient client, StoredPackage base) {
    PackagePusher.Result pushed =
        new PackagePusher(client, workspace.blobs, workspace.progress).push(base);
    return new PackageReference(base.id().name(), base.id().version(), pushed.pushed().digest());
  }

  /**
   * The image as the request names it: without a registry unless the user named one, so that
   * builders push to their registry whatever host name this machine reaches it by.
   */
  private static String requestedName(String image, ImageReference target) {
    boolean namesRegistry;
    try {
      ImageReference.parse(image);
      namesRegistry = true;
    } catch (OpsException noRegistry) {
      namesRegistry = false;
    }
    return namesRegistry ? target.toString() : target.repository() + ":" + target.tag();
  }

  /** The image pushed, as {@code ops build} prints a local one: reference and digest. */
  static int print(BuildSucceeded succeeded, boolean json) {
    if (json) {
      Output.printJson(succeeded);
    } else {
      System.out.println(succeeded.image() + " " + succeeded.manifestDigest());
    }
    return 0;
  }

  private void publish(BuildRequested request) {
    FleetCommands.publish(kafka, request);
  }

  private static BuildSucceeded outcomeOf(BuildRequested request, EventPayload outcome) {
    if (outcome instanceof BuildSucceeded succeeded) {
      return succeeded;
    }
    if (outcome instanceof BuildFailed failed) {
      throw new OpsException(
          "the build of "
              + request.image()
              + " failed at step "
              + failed.step()
              + ": "
              + failed.reason());
    }
    throw new OpsException(
        "no builder finished build " + request.buildId() + " in " + WAIT.toMinutes() + " minutes",
        "it stays queued; follow it with 'ops events --type dev.ops.build' or check"
            + " builder-service");
  }

  private static String requester() {
    return FleetCommands.requester();
  }
}
