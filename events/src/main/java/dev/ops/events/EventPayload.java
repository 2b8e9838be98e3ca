package dev.ops.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The data of one event type. Each payload belongs to one entity (a build, an instance, a runner)
 * whose id is the Kafka record key and the CloudEvents {@code subject}, so that all events of one
 * entity land in one partition and stay in order.
 */
public interface EventPayload {

  /** The id of the entity this event is about. */
  @JsonIgnore
  String key();
}
