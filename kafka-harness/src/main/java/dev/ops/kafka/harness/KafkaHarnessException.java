package dev.ops.kafka.harness;

/** The test broker could not be started or stopped; the message says why and what to do. */
public final class KafkaHarnessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KafkaHarnessException(String message) {
    super(message);
  }

  public KafkaHarnessException(String message, Throwable cause) {
    super(message, cause);
  }
}
