package dev.ops.events.consume;

/**
 * How a record reached this consumer.
 *
 * @param inherited the record was written before this consumer got its partition, so another
 *     consumer of the group may already have started on it
 */
public record Delivery(boolean inherited) {}
