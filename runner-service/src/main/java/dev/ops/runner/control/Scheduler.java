package dev.ops.runner.control;

import dev.ops.core.OpsException;
import dev.ops.core.instance.InstanceStore;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.runner.RunnerHeartbeat;
import dev.ops.runner.RunnerSettings;
import dev.ops.runner.ledger.FleetLedger;
import dev.ops.runner.ledger.InstanceView;
import dev.ops.runner.ledger.RunnerSighting;
import dev.ops.runner.place.Candidate;
import dev.ops.runner.place.PlacementDecision;
import dev.ops.runner.place.Placer;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Decides where launches run. A runner schedules the launches its share of the launch topic brings,
 * and looks after the instances nobody holds whose ids map to that share: it retries the waiting,
 * reports the instances of silent runners lost and launches them elsewhere when their restart
 * policy asks, moves what ended on a draining runner likewise, and removes what was removed before
 * it ran. A scheduling counts only once read back from the events topic as accepted (see {@link
 * FleetLedger}), so two runners that both took a launch during a rebalance start one VM.
 */
public final class Scheduler {

  private static final System.Logger LOG = System.getLogger(Scheduler.class.getName());
  private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);
  private static final long READ_BACK_STEP_MS = 10;

  private final RunnerSettings settings;
  private final FleetLedger ledger;
  private final Reporter reporter;
  private final KeyOwnership ownership;
  private final Supplier<Capacity> localCapacity;
  private final Instant startedAt = Instant.now();
  private final Set<String> scheduling = ConcurrentHashMap.newKeySet();

  public Scheduler(
      RunnerSettings settings,
      FleetLedger ledger,
      Reporter reporter,
      KeyOwnership ownership,
      Supplier<Capacity> localCapacity) {
    this.settings = settings;
    this.ledger = ledger;
    this.reporter = reporter;
    this.ownership = ownership;
    this.localCapacity = localCapacity;
  }

  /** A launch read from the launch topic; returns once its outcome is published. */
  public void onLaunch(LaunchRequested launch) {
    if (!usableId(launch)) {
      return;
    }
    if (!scheduling.add(launch.instanceId())) {
      return;
    }
    try {
      boolean known = ledger.find(launch.instanceId()).map(InstanceView::hasHistory).orElse(false);
      if (known) {
        LOG.log(Level.INFO, "launch of {0} is a duplicate; ignored", launch.instanceId());
        return;
      }
      ledger.rememberLaunch(launch);
      place(launch, 1, Optional.empty());
    } finally {
      scheduling.remove(launch.instanceId());
    }
  }

  /** One round of care for the instances that nobody holds and whose ids are this runner's. */
  public void tend() {
    for (InstanceView view : ledger.instances()) {
      if (view.removed() || view.launch() == null || !ownership.owns(view.instanceId())) {
        continue;
      }
      if (scheduling.contains(view.instanceId())) {
        continue;
      }
      if (view.removeRequested() && !view.isActive()) {
        if (view.runnerId() == null || isSilent(view.runnerId())) {
          removeUnheld(view);
        }
      } else if (view.isActive() && !view.heldBy(settings.runnerId())) {
        reportLostIfSilent(view);
      } else if (needsPlacing(view)) {
        place(view.launch(), view.attempt() + 1, Optional.of(view));
      }
    }
  }

  /**
   * The live runners that take launches (not draining), with what each has left once the launches
   * scheduled to it are counted.
   */
  public List<Candidate> candidates() {
    Instant heardUpTo = ledger.readUpTo();
    List<InstanceView> views = ledger.instances();
    List<Candidate> live = new ArrayList<>();
    // This runner is alive by definition, even before its first heartbeat is read back.
    if (!ledger.isDraining(settings.runnerId())) {
      Capacity own = localCapacity.get();
      live.add(
          new Candidate(
              settings.runnerId(), settings.labels(), own.vcpusFree(), own.memoryMibFree()));
    }
    for (RunnerSighting sighting : ledger.runners()) {
      boolean self = sighting.runnerId().equals(settings.runnerId());
      boolean usable =
          !sighting.silentFor(settings.lostAfter(), heardUpTo)
              && !ledger.isDraining(sighting.runnerId());
      if (!self && usable) {
        live.add(otherRunner(sighting.heartbeat(), views));
      }
    }
    return live;
  }

  private static Candidate otherRunner(RunnerHeartbeat heartbeat, List<InstanceView> views) {
    Set<String> counted = new HashSet<>(heartbeat.instances());
    int cpus = heartbeat.vcpusFree();
    long memory = heartbeat.memoryMibFree();
    for (InstanceView view : views) {
      boolean pending =
          view.isActive()
              && view.heldBy(heartbeat.runnerId())
              && view.launch() != null
              && !counted.contains(view.instanceId());
      if (pending) {
        cpus -= view.launch().cpus();
        memory -= view.launch().memoryMib();
      }
    }
    return new Candidate(
        heartbeat.runnerId(), heartbeat.labels(), Math.max(0, cpus), Math.max(0, memory));
  }

  private boolean usableId(LaunchRequested launch) {
    try {
      InstanceStore.requireValidName(launch.instanceId());
      return true;
    } catch (OpsException e) {
      reporter.event(
          new InstanceFailed(
              launch.instanceId(),
              null,
              "schedule",
              "the instance id cannot name a directory on a runner: " + e.getMessage(),
              List.of()));
      return false;
    }
  }

  private boolean needsPlacing(InstanceView view) {
    if (view.stopRequested() || view.removeRequested()) {
      return false;
    }
    if (view.phase() == InstancePhase.WAITING || view.phase() == InstancePhase.REQUESTED) {
      return true;
    }
    if (view.phase() == InstancePhase.LOST) {
      return RestartRules.wants(
          view.launch().restart(), InstancePhase.LOST, null, false, view.attempt() - 1);
    }
    return endedOnDrainingRunner(view)
        && RestartRules.wants(
            view.launch().restart(),
            view.phase(),
            view.exitStatus(),
            view.stopRequested(),
            view.attempt() - 1);
  }

  /**
   * A draining runner restarts nothing itself: what ends there, drained or by itself, is started
   * elsewhere when its restart policy asks, at once.
   */
  private boolean endedOnDrainingRunner(InstanceView view) {
    boolean ended = view.phase() == InstancePhase.EXITED || view.phase() == InstancePhase.FAILED;
    return ended && view.runnerId() != null && ledger.isDraining(view.runnerId());
  }

  private void place(LaunchRequested launch, int attempt, Optional<InstanceView> before) {
    PlacementDecision decision = Placer.choose(launch, candidates());
    if (decision.runnerId().isEmpty()) {
      boolean sameNews =
          before
              .map(v -> v.phase() == InstancePhase.WAITING && decision.reason().equals(v.reason()))
              .orElse(false);
      if (!sameNews) {
        reporter.report(
            new InstanceWaiting(launch.instanceId(), decision.reason()),
            launch,
            new Reporter.Change(InstancePhase.WAITING, null, attempt - 1, null, null, null)
                .because(decision.reason()));
      }
      return;
    }
    String target = decision.runnerId().get();
    reporter.event(new InstanceScheduled(launch.instanceId(), target, attempt));
    if (acceptedOn(launch.instanceId(), attempt, target)) {
      reporter.state(launch, Reporter.Change.of(InstancePhase.SCHEDULED, target, attempt));
      LOG.log(Level.INFO, "{0} attempt {1} scheduled on {2}", launch.instanceId(), attempt, target);
    }
  }

  /** Waits until the scheduling is read back, and says whether it is the one that counted. */
  private boolean acceptedOn(String instanceId, int attempt, String target) {
    long deadline = System.nanoTime() + READ_BACK_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<InstanceView> view = ledger.find(instanceId);
      if (view.isPresent() && view.get().attempt() >= attempt) {
        return view.get().attempt() == attempt && view.get().heldBy(target);
      }
      sleep();
    }
    throw new IllegalStateException(
        "the scheduling of " + instanceId + " was not read back within " + READ_BACK_TIMEOUT);
  }

  /**
   * Silent too long in the history read so far; a runner never heard of counts from this runner's
   * own start. Measured against the history and not the clock: a runner whose link went down hears
   * nobody, and when it comes back, its producer may work before its reader has caught up; judged
   * by the clock, it would report the other runners' instances lost, and have them killed.
   */
  private boolean isSilent(String runnerId) {
    Instant heardUpTo = ledger.readUpTo();
    return ledger
        .runner(runnerId)
        .map(s -> s.silentFor(settings.lostAfter(), heardUpTo))
        .orElse(startedAt.plus(settings.lostAfter()).isBefore(heardUpTo));
  }

  private void reportLostIfSilent(InstanceView view) {
    if (!isSilent(view.runnerId())) {
      return;
    }
    Instant now = Instant.now();
    Optional<RunnerSighting> sighting = ledger.runner(view.runnerId());
    Instant lastSeen = sighting.map(RunnerSighting::seenAt).orElse(startedAt);
    String reason =
        "runner "
            + view.runnerId()
            + " sent no heartbeat for "
            + Duration.between(lastSeen, now).toSeconds()
            + " s (limit "
            + settings.lostAfter().toSeconds()
            + " s)";
    reporter.report(
        new InstanceLost(view.instanceId(), view.runnerId(), reason, lastSeen),
        view.launch(),
        new Reporter.Change(
            InstancePhase.LOST, view.runnerId(), view.attempt(), null, null, reason));
    LOG.log(Level.WARNING, "{0} lost: {1}", view.instanceId(), reason);
  }

  private void removeUnheld(InstanceView view) {
    reporter.event(new InstanceRemoved(view.instanceId(), view.runnerId()));
    reporter.tombstone(view.instanceId());
  }

  private static void sleep() {
    try {
      Thread.sleep(READ_BACK_STEP_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
