package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which part of the VM's console a line came from. */
public enum ConsoleStream {
  /** What the program wrote to its standard output and error. */
  PROGRAM("program"),
  /** The kernel's and init's own messages while booting and powering off. */
  KERNEL("kernel");

  private final String wireName;

  ConsoleStream(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }
}
