package dev.ops.builder.build;

import dev.ops.core.OpsException;
import dev.ops.core.registry.ImageReference;
import dev.ops.core.registry.RegistrySettings;
import dev.ops.core.util.FileTrees;
import dev.ops.events.Event;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.consume.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A build as a chain of named steps: check the request, find an earlier build of it, pull the
 * kernel, pull the blobs, inspect the program, write the layers, push the image, record the build.
 * Each step's news goes out as progress; a failure names its step and ends the build with a {@code
 * failed} event; transient faults are retried inside the step first.
 */
final class BuildChain {

  private static final System.Logger LOG = System.getLogger(BuildChain.class.getName());
  private static final String CHECK_REQUEST = "check-request";
  private static final String PREPARE_BUILD = "prepare-build";
  private static final String ABANDONED = "abandoned";

  /** Clocks of requesters and brokers disagree a little; prior attempts are looked for earlier. */
  private static final long CLOCK_MARGIN_MILLIS = 60_000;

  private final String builderId;
  private final RegistrySettings registry;
  private final Path builds;
  private final BuildStep findBuild;
  private final List<BuildStep> steps;
  private final StepRunner runner;
  private final BuildEvents events;
  private final BuildMetrics metrics;
  private final PriorAttempts priorAttempts;
  private final BlobCache cache;
  private final long cacheMaxBytes;

  BuildChain(
      String builderId,
      RegistrySettings registry,
      Path builds,
      BuildStep findBuild,
      List<BuildStep> steps,
      StepRunner runner,
      BuildEvents events,
      BuildMetrics metrics,
      PriorAttempts priorAttempts,
      BlobCache cache,
      long cacheMaxBytes) {
    this.builderId = builderId;
    this.registry = registry;
    this.builds = builds;
    this.findBuild = findBuild;
    this.steps = List.copyOf(steps);
    this.runner = runner;
    this.events = events;
    this.metrics = metrics;
    this.priorAttempts = priorAttempts;
    this.cache = cache;
    this.cacheMaxBytes = cacheMaxBytes;
  }

  /** Builds the request and publishes its outcome; throws {@link Abandoned} when stopping. */
  void build(Event<BuildRequested> event, Delivery delivery) {
    BuildRequested request = event.payload();
    long start = System.nanoTime();
    metrics.started();
    String outcome = BuildMetrics.FAILED;
    try {
      outcome = buildOrReuse(event, delivery);
    } catch (Abandoned e) {
      outcome = ABANDONED;
      throw e;
    } catch (BuildFailure failure) {
      fail(request, failure);
    } catch (RuntimeException e) {
      fail(request, StepRunner.classify(PREPARE_BUILD, e));
    } catch (LinkageError | AssertionError e) {
      // A broken builder (a class that will not load) must answer, not leave the request hanging.
      fail(request, StepRunner.classify(PREPARE_BUILD, new IllegalStateException(e)));
    } finally {
      metrics.ended(outcome, System.nanoTime() - start);
    }
  }

  private String buildOrReuse(Event<BuildRequested> event, Delivery delivery) {
    BuildRequested request = event.payload();
    BuildContext build = new BuildContext(request, imageOf(request), scratchFor(request));
    try {
      runner.run(findBuild, build);
      return build.result != null ? answerAgain(build) : buildNew(build, event, delivery);
    } finally {
      cache.release(build.taken);
      FileTrees.deleteQuietly(build.scratch);
      cache.trim(cacheMaxBytes);
    }
  }

  /** The request was built before: the same result again, without building. */
  private String answerAgain(BuildContext build) {
    events.outcome(build.result);
    LOG.log(
        Level.INFO,
        "build {0} was done before: {1}",
        build.request.buildId(),
        build.result.image());
    return BuildMetrics.REUSED;
  }

  private String buildNew(BuildContext build, Event<BuildRequested> event, Delivery delivery) {
    BuildRequested request = build.request;
    int attempt = attempt(event, delivery);
    events.send(new BuildStarted(request.buildId(), request.image(), builderId, attempt));
    runSteps(build);
    events.outcome(build.result);
    LOG.log(
        Level.INFO,
        "built {0} for {1} in {2} ms: {3}",
        build.result.image(),
        request.buildId(),
        build.elapsedMillis(),
        build.result.manifestDigest());
    return BuildMetrics.BUILT;
  }

  private void runSteps(BuildContext build) {
    for (BuildStep step : steps) {
      String message = runner.run(step, build);
      events.progress(build.request.buildId(), step.name(), message);
      LOG.log(Level.DEBUG, "{0} {1}: {2}", build.request.buildId(), step.name(), message);
    }
  }

  private void fail(BuildRequested request, BuildFailure failure) {
    metrics.failed(failure.step());
    LOG.log(
        Level.INFO,
        "build {0} of {1} failed at step {2}: {3}",
        request.buildId(),
        request.image(),
        failure.step(),
        failure.reason());
    if (failure.getCause() != null && !(failure.getCause() instanceof OpsException)) {
      LOG.log(Level.DEBUG, "cause of the failure of " + request.buildId(), failure.getCause());
    }
    events.outcome(new BuildFailed(request.buildId(), failure.step(), failure.reason()));
  }

  /** The reference to push, in this builder's registry: a request naming another is refused. */
  private ImageReference imageOf(BuildRequested request) {
    ImageReference image;
    try {
      image = registry.parse(request.image());
    } catch (OpsException e) {
      throw StepRunner.classify(CHECK_REQUEST, e);
    }
    String ours = registry.defaultRegistry().orElseThrow();
    if (!image.registry().equals(ours) || image.tag() == null) {
      throw BuildFailure.of(
          CHECK_REQUEST,
          "this builder pushes to "
              + ours
              + " by tag, so it cannot build "
              + request.image()
              + "; name the image as repository:tag, or send the request to the builders of"
              + " that registry");
    }
    return image;
  }

  private Path scratchFor(BuildRequested request) {
    try {
      Files.createDirectories(builds);
      return Files.createTempDirectory(builds, "build-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a scratch directory in " + builds, e);
    }
  }

  /** 1 unless another builder started this request before and died; then the next number. */
  private int attempt(Event<BuildRequested> event, Delivery delivery) {
    if (!delivery.inherited()) {
      return 1;
    }
    try {
      long since = event.time().toEpochMilli() - CLOCK_MARGIN_MILLIS;
      return priorAttempts.startedSince(event.payload().buildId(), since) + 1;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not count earlier attempts: {0}", e.getMessage());
      return 1;
    }
  }
}
