package dev.ops.runner.control;

import dev.ops.events.EventPayload;
import dev.ops.events.EventPublisher;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.runner.ledger.FleetLedger;
import dev.ops.runner.ledger.InstanceView;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes what this runner decides and sees: a lifecycle event, then the instance's new entry on
 * the compacted state topic. Each publish waits for the broker's acknowledgement, so nothing is
 * recorded as reported that Kafka does not have.
 */
public final class Reporter {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  private final EventPublisher publisher;
  private final FleetLedger ledger;

  public Reporter(EventPublisher publisher, FleetLedger ledger) {
    this.publisher = publisher;
    this.ledger = ledger;
  }

  /** The facts of one instance's new phase: who holds it and what to say about it. */
  public record Change(
      InstancePhase phase,
      String runnerId,
      int attempt,
      Integer exitStatus,
      String step,
      String reason) {

    public static Change of(InstancePhase phase, String runnerId, int attempt) {
      return new Change(phase, runnerId, attempt, null, null, null);
    }

    public Change because(String newReason) {
      return new Change(phase, runnerId, attempt, exitStatus, step, newReason);
    }
  }

  public void event(EventPayload payload) {
    await(publisher.publish(payload));
  }

  /** The event, then the state entry that follows from it (when the launch is known). */
  public void report(EventPayload payload, LaunchRequested launch, Change change) {
    event(payload);
    state(launch, change);
  }

  public void state(LaunchRequested launch, Change change) {
    if (launch == null) {
      return;
    }
    await(
        publisher.publish(
            new InstanceState(
                launch.instanceId(),
                change.phase(),
                launch,
                change.runnerId(),
                change.attempt(),
                change.exitStatus(),
                change.step(),
                change.reason(),
                Instant.now())));
  }

  /** Console lines, sent together and then waited for, in order (one key, one partition). */
  public void console(java.util.List<dev.ops.events.instance.ConsoleLine> lines) {
    java.util.List<java.util.concurrent.CompletableFuture<?>> sent =
        lines.stream().<java.util.concurrent.CompletableFuture<?>>map(publisher::publish).toList();
    sent.forEach(Reporter::await);
  }

  public void tombstone(String instanceId) {
    await(publisher.clearInstanceState(instanceId));
  }

  public LaunchRequested launchOf(String instanceId) {
    return ledger.find(instanceId).map(InstanceView::launch).orElse(null);
  }

  private static void await(java.util.concurrent.CompletableFuture<?> future) {
    try {
      future.get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not take an event: " + e.getMessage(), e);
    }
  }
}
