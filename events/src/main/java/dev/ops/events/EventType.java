package dev.ops.events;

import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildProgress;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.InstanceLost;
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
import dev.ops.events.topic.Topic;
import dev.ops.events.topic.Topics;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type of the fleet: its CloudEvents {@code type}, its payload record and the topic it
 * is published on. A change that old consumers could not read gets a new type ending in the next
 * version ({@code .v2}), published next to the old one until every consumer reads it.
 */
public enum EventType {
  BUILD_REQUESTED("dev.ops.build.requested.v1", BuildRequested.class, Topics.BUILD_REQUESTS),
  BUILD_STARTED("dev.ops.build.started.v1", BuildStarted.class, Topics.BUILD_EVENTS),
  BUILD_PROGRESS("dev.ops.build.progress.v1", BuildProgress.class, Topics.BUILD_EVENTS),
  BUILD_SUCCEEDED("dev.ops.build.succeeded.v1", BuildSucceeded.class, Topics.BUILD_EVENTS),
  BUILD_FAILED("dev.ops.build.failed.v1", BuildFailed.class, Topics.BUILD_EVENTS),

  LAUNCH_REQUESTED("dev.ops.launch.requested.v1", LaunchRequested.class, Topics.LAUNCH_REQUESTS),
  STOP_REQUESTED("dev.ops.stop.requested.v1", StopRequested.class, Topics.INSTANCE_COMMANDS),
  REMOVE_REQUESTED("dev.ops.remove.requested.v1", RemoveRequested.class, Topics.INSTANCE_COMMANDS),
  RUNNER_DRAIN_REQUESTED(
      "dev.ops.runner.drain.requested.v1", DrainRequested.class, Topics.INSTANCE_COMMANDS),

  INSTANCE_WAITING("dev.ops.instance.waiting.v1", InstanceWaiting.class, Topics.INSTANCE_EVENTS),
  INSTANCE_SCHEDULED(
      "dev.ops.instance.scheduled.v1", InstanceScheduled.class, Topics.INSTANCE_EVENTS),
  INSTANCE_PULLING("dev.ops.instance.pulling.v1", InstancePulling.class, Topics.INSTANCE_EVENTS),
  INSTANCE_STARTING("dev.ops.instance.starting.v1", InstanceStarting.class, Topics.INSTANCE_EVENTS),
  INSTANCE_RUNNING("dev.ops.instance.running.v1", InstanceRunning.class, Topics.INSTANCE_EVENTS),
  INSTANCE_STOPPING("dev.ops.instance.stopping.v1", InstanceStopping.class, Topics.INSTANCE_EVENTS),
  INSTANCE_EXITED("dev.ops.instance.exited.v1", InstanceExited.class, Topics.INSTANCE_EVENTS),
  INSTANCE_FAILED("dev.ops.instance.failed.v1", InstanceFailed.class, Topics.INSTANCE_EVENTS),
  INSTANCE_LOST("dev.ops.instance.lost.v1", InstanceLost.class, Topics.INSTANCE_EVENTS),
  INSTANCE_REMOVED("dev.ops.instance.removed.v1", InstanceRemoved.class, Topics.INSTANCE_EVENTS),

  CONSOLE_LINE("dev.ops.instance.console.v1", ConsoleLine.class, Topics.INSTANCE_CONSOLE),
  RUNNER_HEARTBEAT("dev.ops.runner.heartbeat.v1", RunnerHeartbeat.class, Topics.RUNNER_HEARTBEATS),
  INSTANCE_STATE("dev.ops.instance.state.v1", InstanceState.class, Topics.INSTANCE_STATE);

  private static final Map<String, EventType> BY_TYPE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, t -> t));

  private static final Map<Class<?>, EventType> BY_PAYLOAD =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(EventType::payloadType, Function.identity()));

  private final String type;
  private final Class<? extends EventPayload> payloadType;
  private final Topic topic;

  EventType(String type, Class<? extends EventPayload> payloadType, Topic topic) {
    this.type = type;
    this.payloadType = payloadType;
    this.topic = topic;
  }

  /** The CloudEvents {@code type} attribute ({@code ce_type} header). */
  public String type() {
    return type;
  }

  public Class<? extends EventPayload> payloadType() {
    return payloadType;
  }

  /** The topic events of this type are published on. */
  public Topic topic() {
    return topic;
  }

  /** The name of the documented example of this type's data. */
  public String exampleResource() {
    return "/examples/" + type + ".json";
  }

  public static Optional<EventType> fromType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  /** The type whose payload record is {@code payload}'s class. */
  public static EventType of(EventPayload payload) {
    EventType type = BY_PAYLOAD.get(payload.getClass());
    if (type == null) {
      throw new IllegalArgumentException(
          payload.getClass().getName() + " is not the payload of any event type");
    }
    return type;
  }
}
