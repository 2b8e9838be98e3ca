package dev.ops.core.instance;

/** The life of a local instance. */
public enum InstanceState {
  /** The supervisor is preparing and booting the VM. */
  STARTING,
  /** The program is running. */
  RUNNING,
  /** A stop was asked for; the program has its grace period. */
  STOPPING,
  /** The program ended by itself, with a status. */
  EXITED,
  /** The program was stopped on request. */
  STOPPED,
  /** The VM could not start the program, or crashed. */
  FAILED,
  /** The supervisor disappeared without recording an end (the host rebooted, or it was killed). */
  LOST
}
