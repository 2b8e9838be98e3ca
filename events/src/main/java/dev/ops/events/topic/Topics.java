package dev.ops.events.topic;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every topic of the fleet, in one place. Commands and facts have topics of their own: requests are
 * consumed by one group of workers, facts by anyone. docs/events.md explains each choice.
 */
public final class Topics {

  private static final Optional<Duration> WEEK = Optional.of(Duration.ofDays(7));

  public static final Topic BUILD_REQUESTS =
      new Topic(
          "ops.build.requests", 6, CleanupPolicy.DELETE, WEEK, "build commands, key build id");

  public static final Topic BUILD_EVENTS =
      new Topic(
          "ops.build.events",
          6,
          CleanupPolicy.DELETE,
          WEEK,
          "what happened to builds: started, progress, succeeded, failed; key build id");

  public static final Topic LAUNCH_REQUESTS =
      new Topic(
          "ops.launch.requests",
          6,
          CleanupPolicy.DELETE,
          WEEK,
          "launch commands, shared by the runners' consumer group; key instance id");

  public static final Topic INSTANCE_COMMANDS =
      new Topic(
          "ops.instance.commands",
          6,
          CleanupPolicy.DELETE,
          WEEK,
          "stop and remove commands, read by every runner; key instance id");

  public static final Topic INSTANCE_EVENTS =
      new Topic(
          "ops.instance.events",
          6,
          CleanupPolicy.DELETE,
          WEEK,
          "instance lifecycle, from waiting to removed; key instance id");

  public static final Topic INSTANCE_CONSOLE =
      new Topic(
          "ops.instance.console",
          12,
          CleanupPolicy.DELETE,
          Optional.of(Duration.ofDays(3)),
          "console lines of every instance; key instance id");

  public static final Topic RUNNER_HEARTBEATS =
      new Topic(
          "ops.runner.heartbeats",
          3,
          CleanupPolicy.COMPACT_DELETE,
          Optional.of(Duration.ofDays(1)),
          "runner capacity and liveness; key runner id");

  public static final Topic INSTANCE_STATE =
      new Topic(
          "ops.instance.state",
          6,
          CleanupPolicy.COMPACT,
          Optional.empty(),
          "latest state of each instance, tombstone when removed; key instance id");

  public static final Topic DEAD_LETTER =
      new Topic(
          "ops.deadletter",
          3,
          CleanupPolicy.DELETE,
          Optional.of(Duration.ofDays(14)),
          "records a consumer could not decode, as received, with the reason in headers");

  private Topics() {}

  public static List<Topic> all() {
    return List.of(
        BUILD_REQUESTS,
        BUILD_EVENTS,
        LAUNCH_REQUESTS,
        INSTANCE_COMMANDS,
        INSTANCE_EVENTS,
        INSTANCE_CONSOLE,
        RUNNER_HEARTBEATS,
        INSTANCE_STATE,
        DEAD_LETTER);
  }
}
