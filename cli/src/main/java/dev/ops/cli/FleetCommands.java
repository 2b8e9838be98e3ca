package dev.ops.cli;

import dev.ops.core.OpsException;
import dev.ops.core.launch.VmOutcome;
import dev.ops.events.EventPayload;
import dev.ops.events.EventPublisher;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceRemoved;
import dev.ops.events.instance.InstanceState;
import dev.ops.events.instance.RemoveRequested;
import dev.ops.events.instance.StopRequested;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What the fleet commands share: publishing a command, naming who asked, stop and rm. */
final class FleetCommands {

  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private FleetCommands() {}

  /** Publishes {@code payload} and waits until Kafka has it. */
  static void publish(KafkaSettings kafka, EventPayload payload) {
    URI source = URI.create("/ops/cli/" + requester());
    try (EventPublisher events = EventPublisher.connect(kafka.bootstrapServers(), source)) {
      events.publish(payload).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw KafkaClients.unreachable(kafka, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpsException("interrupted while publishing to Kafka");
    }
  }

  /** How long stop and rm wait to see the instance end. */
  static final Duration END_WAIT = Duration.ofSeconds(60);

  /** {@code ops instance stop --fleet}: asks, then reports how each instance ended. */
  static int stop(Workspace workspace, List<String> ids, int timeoutSeconds) {
    KafkaSettings kafka = KafkaSettings.load(workspace.home);
    Map<String, InstanceState> known = FleetState.instances(kafka);
    int status = 0;
    for (String id : ids) {
      InstanceState state = requireKnown(known, id);
      if (state.phase().isFinal()) {
        System.out.println(id + " " + state.phase().wireName());
        continue;
      }
      EventPayload end =
          askAndAwait(
              kafka,
              new StopRequested(id, timeoutSeconds, requester()),
              InstanceFollower::isEnd,
              Duration.ofSeconds(timeoutSeconds).plus(END_WAIT),
              workspace);
      System.out.println(id + " " + describeEnd(end));
      status = end == null ? VmOutcome.VM_FAILURE_STATUS : status;
    }
    return status;
  }

  /** {@code ops instance rm --fleet}: the instance is stopped if it runs, then forgotten. */
  static int remove(Workspace workspace, List<String> ids) {
    KafkaSettings kafka = KafkaSettings.load(workspace.home);
    Map<String, InstanceState> known = FleetState.instances(kafka);
    int status = 0;
    for (String id : ids) {
      requireKnown(known, id);
      EventPayload end =
          askAndAwait(
              kafka,
              new RemoveRequested(id, requester()),
              e -> e instanceof InstanceRemoved,
              END_WAIT.multipliedBy(2),
              workspace);
      System.out.println(end == null ? id + " not removed yet" : "removed " + id);
      status = end == null ? VmOutcome.VM_FAILURE_STATUS : status;
    }
    return status;
  }

  private static InstanceState requireKnown(Map<String, InstanceState> known, String id) {
    InstanceState state = known.get(id);
    if (state == null) {
      throw new OpsException(
          "the fleet has no instance " + id, "see 'ops instance list --fleet' for the ids");
    }
    return state;
  }

  private static EventPayload askAndAwait(
      KafkaSettings kafka,
      EventPayload command,
      java.util.function.Predicate<EventPayload> until,
      Duration wait,
      Workspace workspace) {
    try (InstanceFollower follower = InstanceFollower.open(kafka, command.key(), false)) {
      publish(kafka, command);
      return follower.follow(wait, until, line -> {}, workspace.progress).orElse(null);
    }
  }

  private static String describeEnd(EventPayload end) {
    if (end == null) {
      return "still stopping (no end reported within the wait)";
    }
    if (end instanceof InstanceExited exited) {
      return "exited " + exited.status();
    }
    return FleetLaunch.why(end);
  }

  /** The user, as events name who asked. */
  static String requester() {
    String user = System.getProperty("user.name", "unknown");
    return user.replaceAll("[^A-Za-z0-9._-]", "-");
  }

  /** A new instance id: {@code i-} and a random UUID, chosen here so a retry means the same. */
  static String newInstanceId() {
    return "i-" + UUID.randomUUID();
  }
}
