package dev.ops.runner.control;

import dev.ops.core.instance.InstanceRecord;
import dev.ops.core.instance.InstanceState;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.launch.VmUser;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.ConsoleStream;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstancePulling;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceRunning;
import dev.ops.events.instance.InstanceScheduled;
import dev.ops.events.instance.InstanceStarting;
import dev.ops.events.instance.InstanceStopping;
import dev.ops.events.instance.InstanceWaiting;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.PortMapping;
import dev.ops.runner.RunnerSettings;
import dev.ops.runner.host.ConsoleTail;
import dev.ops.runner.host.HostedInstance;
import dev.ops.runner.host.HostedStore;
import dev.ops.runner.host.ImageCache;
import dev.ops.runner.host.SupervisorSpawner;
import dev.ops.runner.host.VmUsers;
import dev.ops.runner.ledger.FleetLedger;
import dev.ops.runner.ledger.InstanceView;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the instances scheduled to this runner: pulls, starts a supervisor per VM, ships consoles,
 * reports every phase, stops and removes on request and restarts by policy. Everything it learns
 * about its instances comes from disk (the supervisors' records and its own), so a restarted runner
 * picks up exactly where the last one stopped.
 */
public final class InstanceHost {

  private static final System.Logger LOG = System.getLogger(InstanceHost.class.getName());
  private static final int FAILURE_TAIL_LINES = 50;
  private static final int MAX_SIGNAL = 64;
  private static final int SIGNAL_BASE = 128;
  private static final int SIGKILL = 9;
  private static final Duration SUPERVISOR_START_TIMEOUT = Duration.ofSeconds(60);
  private static final String SIGNAL_OUTCOME = "the program was killed by signal";

  private final RunnerSettings settings;
  private final FleetLedger ledger;
  private final Reporter reporter;
  private final HostedStore hosted;
  private final InstanceStore records;
  private final ImageCache images;
  private final SupervisorSpawner spawner;
  private final VmUsers vmUsers;
  private final Executor starts;
  private final RunnerMetrics metrics;
  private final Set<String> starting = ConcurrentHashMap.newKeySet();

  public InstanceHost(
      RunnerSettings settings,
      FleetLedger ledger,
      Reporter reporter,
      HostedStore hosted,
      InstanceStore records,
      ImageCache images,
      SupervisorSpawner spawner,
      VmUsers vmUsers,
      Executor starts,
      RunnerMetrics metrics) {
    this.settings = settings;
    this.ledger = ledger;
    this.reporter = reporter;
    this.hosted = hosted;
    this.records = records;
    this.images = images;
    this.spawner = spawner;
    this.vmUsers = vmUsers;
    this.starts = starts;
    this.metrics = metrics;
  }

  /** The instances on this host's disk. */
  public List<HostedInstance> hosted() {
    return hosted.list();
  }

  public Capacity capacity() {
    return Capacity.of(settings, hosted.list(), ledger.instances());
  }

  /** One round: start what was scheduled here, then watch everything held here. */
  public void tend() {
    Map<String, InstanceView> views =
        ledger.instances().stream()
            .collect(Collectors.toMap(InstanceView::instanceId, Function.identity()));
    for (InstanceView view : views.values()) {
      if (scheduledHere(view)) {
        startIfNew(view);
      }
    }
    for (HostedInstance instance : hosted.list()) {
      if (!starting.contains(instance.instanceId())) {
        watch(instance, Optional.ofNullable(views.get(instance.instanceId())));
      }
    }
  }

  private boolean scheduledHere(InstanceView view) {
    return view.phase() == InstancePhase.SCHEDULED
        && view.heldBy(settings.runnerId())
        && view.launch() != null
        && !view.removed();
  }

  // ---- starting ------------------------------------------------------------------------------

  private void startIfNew(InstanceView view) {
    String id = view.instanceId();
    Optional<HostedInstance> current = hosted.find(id);
    if (starting.contains(id) || current.map(h -> h.attempt() >= view.attempt()).orElse(false)) {
      return;
    }
    if (ledger.isDraining(settings.runnerId())) {
      handBack(view, drainReason());
      return;
    }
    if (!capacity().holdsWith(view.launch(), true)) {
      handBack(view, "runner " + settings.runnerId() + " had no room for it when it arrived");
      return;
    }
    Integer vmUid = vmUsers.allocate(view.launch(), hosted.list()).map(VmUser::uid).orElse(null);
    HostedInstance next =
        current
            .map(h -> h.nextAttempt(view.attempt(), true))
            .orElseGet(() -> HostedInstance.scheduled(view.launch(), view.attempt(), 0))
            .withVmUid(vmUid);
    hosted.save(next);
    starting.add(id);
    starts.execute(() -> start(next));
  }

  /** Waiting undoes a scheduling that has not started, so that the fleet places it again. */
  private void handBack(InstanceView view, String reason) {
    reporter.report(
        new InstanceWaiting(view.instanceId(), reason),
        view.launch(),
        new Reporter.Change(InstancePhase.WAITING, null, view.attempt(), null, null, reason));
  }

  private void start(HostedInstance instance) {
    String id = instance.instanceId();
    LaunchRequested launch = instance.launch();
    Instant began = Instant.now();
    String step = "pull";
    try {
      var reference = images.pinned(images.referenceOf(launch.image(), launch.imageDigest()));
      long bytes = images.bytesToPull(reference);
      reporter.report(
          new InstancePulling(id, settings.runnerId(), reference.digest(), bytes),
          launch,
          change(InstancePhase.PULLING, instance));
      String imageName = images.ensure(reference);
      metrics.pulled(bytes);
      step = "start";
      reporter.report(
          new InstanceStarting(id, settings.runnerId()),
          launch,
          change(InstancePhase.STARTING, instance));
      writeStartingRecord(instance, imageName);
      hosted.save(instance.withImage(imageName).reported(InstancePhase.STARTING));
      spawner.spawn(
          id, settings.stopTimeout(), Optional.ofNullable(instance.vmUid()).map(vmUsers::user));
      metrics.launchStarted(Duration.between(began, Instant.now()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "{0} failed at {1}: {2}", id, step, e.getMessage());
      metrics.qemuFailure();
      fail(instance, step, "could not " + step + ": " + e.getMessage(), List.of());
    } finally {
      starting.remove(id);
    }
  }

  private void writeStartingRecord(HostedInstance instance, String imageName) {
    LaunchRequested launch = instance.launch();
    Path directory = hosted.directory(instance.instanceId());
    dev.ops.core.util.FileTrees.deleteQuietly(directory.resolve(InstanceStore.CONSOLE_LOG));
    dev.ops.core.util.FileTrees.deleteQuietly(directory.resolve(InstanceStore.BOOT_LOG));
    records.save(
        new InstanceRecord(
            instance.instanceId(),
            imageName,
            images.get(imageName).manifestDigest(),
            InstanceState.STARTING,
            null,
            launch.ports().stream()
                .map(p -> p.hostAddress() + ":" + p.hostPort() + ":" + p.guestPort())
                .toList(),
            launch.memoryMib(),
            launch.cpus(),
            Instant.now().toString(),
            null,
            null,
            null,
            null));
  }

  // ---- watching ------------------------------------------------------------------------------

  private void watch(HostedInstance instance, Optional<InstanceView> view) {
    if (superseded(instance, view)) {
      discard(instance);
      return;
    }
    if (instance.holdsVm()) {
      watchVm(instance, view);
    } else {
      watchEnded(instance, view);
    }
  }

  /**
   * The fleet gave the instance to another runner (this one was thought lost) or forgot it: the VM
   * here must go, or the instance would run twice.
   */
  private boolean superseded(HostedInstance instance, Optional<InstanceView> view) {
    if (view.isEmpty()) {
      return false;
    }
    InstanceView v = view.get();
    boolean movedOn = v.attempt() > instance.attempt() && !v.heldBy(settings.runnerId());
    boolean declaredLost =
        v.phase() == InstancePhase.LOST
            && v.attempt() == instance.attempt()
            && instance.reported() != InstancePhase.LOST;
    return movedOn || declaredLost || v.removed();
  }

  private void discard(HostedInstance instance) {
    LOG.log(
        Level.WARNING,
        "{0} attempt {1} belongs elsewhere now; its VM here is killed",
        instance.instanceId(),
        instance.attempt());
    supervisorOf(instance).ifPresent(ProcessHandle::destroyForcibly);
    hosted.delete(instance.instanceId());
  }

  private void watchVm(HostedInstance instance, Optional<InstanceView> view) {
    Optional<InstanceRecord> record = records.find(instance.instanceId());
    if (record.isEmpty()) {
      fail(instance, "start", "the runner stopped before the VM was started", List.of());
      return;
    }
    if (supervisorNeverStarted(record.get())) {
      fail(
          instance,
          "start",
          "the VM's supervisor process did not start within "
              + SUPERVISOR_START_TIMEOUT.toSeconds()
              + " s",
          ConsoleTail.lastLines(
              hosted.directory(instance.instanceId()).resolve(InstanceStore.SUPERVISOR_LOG),
              FAILURE_TAIL_LINES));
      return;
    }
    instance = shipConsole(instance, false);
    instance = handleStop(instance, view, record.get());
    // A program that ends within one round still ran: its running comes before its end.
    boolean started = record.get().bootMillis() != null;
    if (started
        && instance.reported() != InstancePhase.RUNNING
        && instance.reported() != InstancePhase.STOPPING) {
      reportRunning(instance, record.get());
      instance = instance.reported(InstancePhase.RUNNING);
    }
    if (!record.get().isActive()) {
      finish(shipConsole(instance, true), record.get());
    }
  }

  private static boolean supervisorNeverStarted(InstanceRecord record) {
    return record.state() == InstanceState.STARTING
        && record.supervisorPid() == null
        && Instant.parse(record.createdAt()).plus(SUPERVISOR_START_TIMEOUT).isBefore(Instant.now());
  }

  private HostedInstance handleStop(
      HostedInstance instance, Optional<InstanceView> view, InstanceRecord record) {
    boolean asked = view.map(v -> v.stopRequested() || v.removeRequested()).orElse(false);
    boolean draining = ledger.isDraining(settings.runnerId());
    if ((asked || draining) && instance.stopDeadline() == null && record.isActive()) {
      int timeout = view.map(InstanceView::stopTimeoutSeconds).orElse(0);
      Duration grace = timeout > 0 ? Duration.ofSeconds(timeout) : settings.stopTimeout();
      String reason = stopReason(view, asked);
      reporter.report(
          new InstanceStopping(instance.instanceId(), settings.runnerId(), reason),
          instance.launch(),
          change(InstancePhase.STOPPING, instance));
      HostedInstance stopping = instance.stopping(Instant.now().plus(grace), reason);
      hosted.save(stopping);
      supervisorOf(instance).ifPresent(ProcessHandle::destroy);
      return stopping;
    }
    if (instance.stopDeadline() != null && Instant.now().isAfter(instance.stopDeadline())) {
      supervisorOf(instance).ifPresent(ProcessHandle::destroyForcibly);
    }
    return instance;
  }

  private String stopReason(Optional<InstanceView> view, boolean asked) {
    if (!asked) {
      return drainReason();
    }
    return view.get().removeRequested() ? "remove requested" : "stop requested";
  }

  /** Why a draining runner stops its VMs; a stop for this reason is not a stop asked for. */
  private String drainReason() {
    return "runner " + settings.runnerId() + " is draining";
  }

  private void reportRunning(HostedInstance instance, InstanceRecord record) {
    List<PortMapping> ports = instance.launch().ports();
    long boot = record.bootMillis() == null ? 0 : record.bootMillis();
    reporter.report(
        new InstanceRunning(
            instance.instanceId(), settings.runnerId(), settings.host(), ports, boot),
        instance.launch(),
        change(InstancePhase.RUNNING, instance));
    metrics.booted(Duration.ofMillis(boot));
    hosted.save(instance.reported(InstancePhase.RUNNING));
  }

  /** The VM ended: say how, with everything it printed published first. */
  private void finish(HostedInstance instance, InstanceRecord record) {
    boolean stopAsked =
        instance.stopDeadline() != null && !drainReason().equals(instance.stopReason());
    switch (record.state()) {
      case EXITED, STOPPED -> exited(instance, record.exitStatus(), signalOf(record), stopAsked);
      case FAILED -> fail(instance, "boot", record.outcome(), consoleTail(instance.instanceId()));
      default -> {
        if (instance.stopDeadline() != null) {
          exited(instance, SIGNAL_BASE + SIGKILL, SIGKILL, stopAsked);
        } else {
          lostHere(instance);
        }
      }
    }
  }

  private static Integer signalOf(InstanceRecord record) {
    Integer status = record.exitStatus();
    boolean signaled = record.outcome() != null && record.outcome().startsWith(SIGNAL_OUTCOME);
    if (!signaled || status == null || status <= SIGNAL_BASE) {
      return null;
    }
    return status - SIGNAL_BASE <= MAX_SIGNAL ? status - SIGNAL_BASE : null;
  }

  private void exited(HostedInstance instance, Integer status, Integer signal, boolean stopped) {
    int code = status == null ? dev.ops.core.launch.VmOutcome.VM_FAILURE_STATUS : status;
    reporter.report(
        new InstanceExited(instance.instanceId(), settings.runnerId(), code, signal, stopped),
        instance.launch(),
        new Reporter.Change(
            InstancePhase.EXITED, settings.runnerId(), instance.attempt(), code, null, null));
    hosted.save(instance.ended(InstancePhase.EXITED, Instant.now()));
  }

  private void fail(HostedInstance instance, String step, String reason, List<String> tail) {
    reporter.report(
        new InstanceFailed(instance.instanceId(), settings.runnerId(), step, reason, tail),
        instance.launch(),
        new Reporter.Change(
            InstancePhase.FAILED, settings.runnerId(), instance.attempt(), null, step, reason));
    hosted.save(instance.ended(InstancePhase.FAILED, Instant.now()));
  }

  private void lostHere(HostedInstance instance) {
    String reason = "the process supervising its VM on " + settings.runnerId() + " disappeared";
    reporter.report(
        new InstanceLost(instance.instanceId(), settings.runnerId(), reason, Instant.now()),
        instance.launch(),
        new Reporter.Change(
            InstancePhase.LOST, settings.runnerId(), instance.attempt(), null, null, reason));
    hosted.save(instance.ended(InstancePhase.LOST, Instant.now()));
  }

  // ---- after the end -------------------------------------------------------------------------

  private void watchEnded(HostedInstance instance, Optional<InstanceView> view) {
    if (view.isEmpty()) {
      return;
    }
    InstanceView v = view.get();
    if (v.removeRequested()) {
      hosted.delete(instance.instanceId());
      reporter.event(new InstanceRemoved(instance.instanceId(), settings.runnerId()));
      reporter.tombstone(instance.instanceId());
      LOG.log(Level.INFO, "{0} removed", instance.instanceId());
      return;
    }
    boolean ours =
        v.heldBy(settings.runnerId())
            && v.attempt() == instance.attempt()
            && v.phase() != InstancePhase.LOST
            && v.phase().isFinal();
    // A draining runner restarts nothing itself: the fleet starts it elsewhere (Scheduler).
    boolean draining = ledger.isDraining(settings.runnerId());
    if (ours && !draining && restartDue(instance, v)) {
      reporter.event(
          new InstanceScheduled(instance.instanceId(), settings.runnerId(), v.attempt() + 1));
    }
  }

  private boolean restartDue(HostedInstance instance, InstanceView view) {
    boolean wanted =
        RestartRules.wants(
            instance.launch().restart(),
            view.phase(),
            view.exitStatus(),
            view.stopRequested(),
            instance.restarts());
    if (!wanted || instance.endedAt() == null) {
      return false;
    }
    Duration wait =
        RestartRules.backoff(
            instance.restarts(), settings.restartBackoff(), settings.restartBackoffMax());
    return Instant.now().isAfter(instance.endedAt().plus(wait));
  }

  // ---- console -------------------------------------------------------------------------------

  /**
   * Publishes the console lines written since the last round, both streams, one bounded chunk each;
   * at the end, chunks until the logs are drained.
   */
  private HostedInstance shipConsole(HostedInstance instance, boolean atEnd) {
    HostedInstance current = instance;
    while (true) {
      HostedInstance next = shipChunk(current, atEnd);
      if (!atEnd || next == current) {
        return next;
      }
      current = next;
    }
  }

  private HostedInstance shipChunk(HostedInstance instance, boolean atEnd) {
    Path directory = hosted.directory(instance.instanceId());
    ConsoleTail.Chunk kernel =
        ConsoleTail.read(directory.resolve(InstanceStore.BOOT_LOG), instance.kernelOffset(), atEnd);
    ConsoleTail.Chunk program =
        ConsoleTail.read(
            directory.resolve(InstanceStore.CONSOLE_LOG), instance.programOffset(), atEnd);
    if (kernel.lines().isEmpty() && program.lines().isEmpty()) {
      return instance;
    }
    List<ConsoleLine> lines = new ArrayList<>();
    long seq = instance.consoleSeq();
    for (String text : kernel.lines()) {
      lines.add(new ConsoleLine(instance.instanceId(), ++seq, ConsoleStream.KERNEL, text));
    }
    for (String text : program.lines()) {
      lines.add(new ConsoleLine(instance.instanceId(), ++seq, ConsoleStream.PROGRAM, text));
    }
    reporter.console(lines);
    metrics.consoleLines(lines.size());
    HostedInstance shipped = instance.shipped(seq, program.nextOffset(), kernel.nextOffset());
    hosted.save(shipped);
    return shipped;
  }

  private List<String> consoleTail(String instanceId) {
    Path directory = hosted.directory(instanceId);
    List<String> lines =
        new ArrayList<>(
            ConsoleTail.lastLines(directory.resolve(InstanceStore.BOOT_LOG), FAILURE_TAIL_LINES));
    lines.addAll(
        ConsoleTail.lastLines(directory.resolve(InstanceStore.CONSOLE_LOG), FAILURE_TAIL_LINES));
    return lines.subList(Math.max(0, lines.size() - FAILURE_TAIL_LINES), lines.size());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Optional<ProcessHandle> supervisorOf(HostedInstance instance) {
    return records
        .find(instance.instanceId())
        .map(InstanceRecord::supervisorPid)
        .flatMap(ProcessHandle::of)
        .filter(ProcessHandle::isAlive);
  }

  private Reporter.Change change(InstancePhase phase, HostedInstance instance) {
    return Reporter.Change.of(phase, settings.runnerId(), instance.attempt());
  }
}
