package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an instance is in its life, as the state topic records it. */
public enum InstancePhase {
  REQUESTED,
  WAITING,
  SCHEDULED,
  PULLING,
  STARTING,
  RUNNING,
  STOPPING,
  EXITED,
  FAILED,
  LOST;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the instance holds no VM and capacity any more (until a restart policy acts). */
  public boolean isFinal() {
    return this == EXITED || this == FAILED || this == LOST;
  }
}
