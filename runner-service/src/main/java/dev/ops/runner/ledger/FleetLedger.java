package dev.ops.runner.ledger;

import dev.ops.events.EventPayload;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstancePulling;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceStarting;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.InstanceStopping;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.RemoveRequested;
import dev.ops.events.instance.StopRequested;
import dev.ops.events.runner.DrainRequested;
import dev.ops.events.runner.RunnerHeartbeat;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleet as every runner reads it from Kafka: instances folded from their lifecycle events in
 * log order, the latest heartbeat of each runner, the stop and remove commands, and which runners
 * are draining.
 *
 * <p>The instance events topic is where runners agree. Events of one instance share a partition, so
 * every runner reads them in the same order, and the same rules give every runner the same answer:
 * a {@code scheduled} event counts only if it names the next attempt of an instance that no runner
 * holds; the second of two racing schedulings is ignored by everyone, including the runner it
 * names. Events from a runner that no longer holds the instance change nothing.
 *
 * <p>The ledger also knows how complete it is ({@link #readUpTo}): a runner cut off from Kafka
 * reads nothing, and must not take that for the silence of every other runner.
 */
public final class FleetLedger {

  private final Map<String, Entry> instances = new HashMap<>();
  private final Map<String, RunnerSighting> runners = new HashMap<>();
  private final Map<String, Drain> drains = new HashMap<>();
  private final Clock clock;
  private Instant readUpTo = Instant.EPOCH;

  public FleetLedger() {
    this(Clock.systemUTC());
  }

  /** A ledger that dates the heartbeats it reads by {@code clock}. */
  public FleetLedger(Clock clock) {
    this.clock = clock;
  }

  /** The latest drain or resume command for a runner, and when it was published. */
  private record Drain(boolean draining, Instant at) {}

  /** The mutable fold of one instance; read outside only as an {@link InstanceView}. */
  private static final class Entry {
    final String instanceId;
    InstancePhase phase = InstancePhase.REQUESTED;
    String runnerId;
    int attempt;
    LaunchRequested launch;
    Integer exitStatus;
    boolean stopRequested;
    int stopTimeoutSeconds;
    boolean removeRequested;
    boolean removed;
    String reason;
    Instant since = Instant.EPOCH;

    Entry(String instanceId) {
      this.instanceId = instanceId;
    }

    InstanceView view() {
      return new InstanceView(
          instanceId,
          phase,
          runnerId,
          attempt,
          launch,
          exitStatus,
          stopRequested,
          stopTimeoutSeconds,
          removeRequested,
          removed,
          reason,
          since);
    }

    void enter(InstancePhase next, Instant at) {
      phase = next;
      since = at;
    }
  }

  /** Folds one decoded record; {@code at} is when it happened. */
  public synchronized void apply(EventPayload payload, Instant at) {
    if (payload instanceof InstanceScheduled scheduled) {
      schedule(scheduled, at);
    } else if (payload instanceof InstanceWaiting waiting) {
      waiting(waiting, at);
    } else if (payload instanceof InstancePulling pulling) {
      advance(pulling.instanceId(), pulling.runnerId(), InstancePhase.PULLING, at);
    } else if (payload instanceof InstanceStarting starting) {
      advance(starting.instanceId(), starting.runnerId(), InstancePhase.STARTING, at);
    } else if (payload instanceof InstanceRunning running) {
      advance(running.instanceId(), running.runnerId(), InstancePhase.RUNNING, at);
    } else if (payload instanceof InstanceStopping stopping) {
      advance(stopping.instanceId(), stopping.runnerId(), InstancePhase.STOPPING, at);
    } else if (payload instanceof InstanceExited exited) {
      exited(exited, at);
    } else if (payload instanceof InstanceFailed failed) {
      failed(failed, at);
    } else if (payload instanceof InstanceLost lost) {
      lost(lost, at);
    } else if (payload instanceof InstanceRemoved removed) {
      entry(removed.instanceId()).removed = true;
    } else if (payload instanceof StopRequested stop) {
      stop(stop);
    } else if (payload instanceof RemoveRequested remove) {
      entry(remove.instanceId()).removeRequested = true;
    } else if (payload instanceof DrainRequested drain) {
      drains.put(drain.runnerId(), new Drain(drain.draining(), at));
    } else if (payload instanceof RunnerHeartbeat heartbeat) {
      runners.put(heartbeat.runnerId(), sighting(heartbeat));
    } else if (payload instanceof InstanceState state) {
      state(state);
    }
    // Build events and console lines are not the runners' business.
  }

  /** A launch this runner read; other runners learn it from the state topic. */
  public synchronized void rememberLaunch(LaunchRequested launch) {
    Entry entry = entry(launch.instanceId());
    if (entry.launch == null) {
      entry.launch = launch;
    }
  }

  public synchronized Optional<InstanceView> find(String instanceId) {
    return Optional.ofNullable(instances.get(instanceId)).map(Entry::view);
  }

  public synchronized List<InstanceView> instances() {
    return instances.values().stream().map(Entry::view).toList();
  }

  public synchronized List<RunnerSighting> runners() {
    return List.copyOf(runners.values());
  }

  public synchronized Optional<RunnerSighting> runner(String runnerId) {
    return Optional.ofNullable(runners.get(runnerId));
  }

  /** Whether the latest drain command for the runner asks it to drain. */
  public synchronized boolean isDraining(String runnerId) {
    Drain drain = drains.get(runnerId);
    return drain != null && drain.draining();
  }

  /** When the latest drain or resume command for the runner was published. */
  public synchronized Optional<Instant> drainCommandAt(String runnerId) {
    return Optional.ofNullable(drains.get(runnerId)).map(Drain::at);
  }

  /**
   * Everything written to the fleet's topics before {@code moment} is folded in: the reader read to
   * where the broker said the topics ended at that moment.
   */
  public synchronized void markReadUpTo(Instant moment) {
    if (moment.isAfter(readUpTo)) {
      readUpTo = moment;
    }
  }

  /**
   * The moment before which this ledger holds every record. A runner's silence is measured up to
   * it, not up to the clock: cut off from Kafka, this runner sees it stand still.
   */
  public synchronized Instant readUpTo() {
    return readUpTo;
  }

  private Entry entry(String instanceId) {
    return instances.computeIfAbsent(instanceId, Entry::new);
  }

  private RunnerSighting sighting(RunnerHeartbeat heartbeat) {
    return new RunnerSighting(heartbeat, clock.instant());
  }

  private void schedule(InstanceScheduled scheduled, Instant at) {
    Entry entry = entry(scheduled.instanceId());
    boolean free = !Phases.isActive(entry.phase) && !entry.removed;
    if (free && scheduled.attempt() == entry.attempt + 1) {
      entry.runnerId = scheduled.runnerId();
      entry.attempt = scheduled.attempt();
      entry.exitStatus = null;
      entry.reason = null;
      entry.enter(InstancePhase.SCHEDULED, at);
    }
  }

  /**
   * Waiting also undoes a scheduling that has not started: the runner it named had no room once it
   * counted what else it had been given.
   */
  private void waiting(InstanceWaiting waiting, Instant at) {
    Entry entry = entry(waiting.instanceId());
    boolean unstarted = entry.phase == InstancePhase.SCHEDULED;
    if ((unstarted || !Phases.isActive(entry.phase)) && !entry.removed) {
      entry.reason = waiting.reason();
      entry.enter(InstancePhase.WAITING, at);
    }
  }

  /** A step of the holder's; anyone else's report about the instance is stale. */
  private Optional<Entry> ofHolder(String instanceId, String runnerId) {
    Entry entry = entry(instanceId);
    boolean current = Phases.isActive(entry.phase) && runnerId.equals(entry.runnerId);
    return current ? Optional.of(entry) : Optional.empty();
  }

  private void advance(String instanceId, String runnerId, InstancePhase phase, Instant at) {
    ofHolder(instanceId, runnerId).ifPresent(entry -> entry.enter(phase, at));
  }

  private void exited(InstanceExited exited, Instant at) {
    ofHolder(exited.instanceId(), exited.runnerId())
        .ifPresent(
            entry -> {
              entry.exitStatus = exited.status();
              entry.stopRequested |= exited.stopRequested();
              entry.reason = null;
              entry.enter(InstancePhase.EXITED, at);
            });
  }

  private void failed(InstanceFailed failed, Instant at) {
    if (failed.runnerId() == null) {
      Entry entry = entry(failed.instanceId());
      if (!Phases.isActive(entry.phase)) {
        entry.reason = failed.reason();
        entry.enter(InstancePhase.FAILED, at);
      }
      return;
    }
    ofHolder(failed.instanceId(), failed.runnerId())
        .ifPresent(
            entry -> {
              entry.reason = failed.reason();
              entry.enter(InstancePhase.FAILED, at);
            });
  }

  private void lost(InstanceLost lost, Instant at) {
    ofHolder(lost.instanceId(), lost.runnerId())
        .ifPresent(
            entry -> {
              entry.reason = lost.reason();
              entry.enter(InstancePhase.LOST, at);
            });
  }

  private void stop(StopRequested stop) {
    Entry entry = entry(stop.instanceId());
    entry.stopRequested = true;
    entry.stopTimeoutSeconds = stop.timeoutSeconds();
  }

  /**
   * The state topic carries each instance's launch. Its phases are only a starting point for
   * instances whose events have expired from the events topic; the events decide otherwise.
   */
  private void state(InstanceState state) {
    Entry entry = entry(state.instanceId());
    if (entry.launch == null) {
      entry.launch = state.launch();
    }
    if (entry.phase == InstancePhase.REQUESTED && state.phase() != InstancePhase.REQUESTED) {
      entry.runnerId = state.runnerId();
      entry.attempt = state.attempt();
      entry.exitStatus = state.exitStatus();
      entry.reason = state.reason();
      entry.enter(state.phase(), state.since());
    }
  }
}
