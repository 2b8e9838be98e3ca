package dev.ops.events.topic;

/** How Kafka discards a topic's old records. */
public enum CleanupPolicy {
  /** Records older than the retention are deleted. */
  DELETE("delete"),
  /** Only the latest record of each key is kept, for as long as the topic lives. */
  COMPACT("compact"),
  /** The latest record of each key is kept, until it is older than the retention. */
  COMPACT_DELETE("compact,delete");

  private final String kafkaValue;

  CleanupPolicy(String kafkaValue) {
    this.kafkaValue = kafkaValue;
  }

  /** The value of the topic's {@code cleanup.policy} setting. */
  public String kafkaValue() {
    return kafkaValue;
  }

  public boolean compacts() {
    return this != DELETE;
  }
}
