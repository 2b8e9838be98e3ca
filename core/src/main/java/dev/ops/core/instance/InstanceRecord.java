package dev.ops.core.instance;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What ops knows about one local instance, kept in its directory as {@code instance.json}.
 *
 * @param name the instance's name
 * @param image the image it runs
 * @param imageDigest the image's manifest digest at creation
 * @param state see {@link InstanceState}
 * @param supervisorPid the host process that owns the VM
 * @param ports forwarded ports, {@code HOST[:GUEST]}
 * @param memoryMib guest memory asked for (0 means the default)
 * @param cpus virtual CPUs
 * @param createdAt ISO-8601 time of creation
 * @param endedAt ISO-8601 time the VM ended, or {@code null}
 * @param exitStatus the program's status as a shell reports it, or {@code null}
 * @param outcome how it ended, in words
 * @param bootMillis from QEMU's start to the program's start, once it started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceRecord(
    String name,
    String image,
    String imageDigest,
    InstanceState state,
    Long supervisorPid,
    List<String> ports,
    int memoryMib,
    int cpus,
    String createdAt,
    String endedAt,
    Integer exitStatus,
    String outcome,
    Long bootMillis) {

  public InstanceRecord withState(InstanceState newState) {
    return new InstanceRecord(
        name,
        image,
        imageDigest,
        newState,
        supervisorPid,
        ports,
        memoryMib,
        cpus,
        createdAt,
        endedAt,
        exitStatus,
        outcome,
        bootMillis);
  }

  /** The program started, {@code millis} after QEMU did. */
  public InstanceRecord running(long millis) {
    return withState(InstanceState.RUNNING).withBootMillis(millis);
  }

  public InstanceRecord withBootMillis(long millis) {
    return new InstanceRecord(
        name,
        image,
        imageDigest,
        state,
        supervisorPid,
        ports,
        memoryMib,
        cpus,
        createdAt,
        endedAt,
        exitStatus,
        outcome,
        millis);
  }

  public InstanceRecord withSupervisor(long pid) {
    return new InstanceRecord(
        name,
        image,
        imageDigest,
        state,
        pid,
        ports,
        memoryMib,
        cpus,
        createdAt,
        endedAt,
        exitStatus,
        outcome,
        bootMillis);
  }

  public InstanceRecord ended(
      InstanceState finalState, String at, Integer status, String description) {
    return new InstanceRecord(
        name,
        image,
        imageDigest,
        finalState,
        supervisorPid,
        ports,
        memoryMib,
        cpus,
        createdAt,
        at,
        status,
        description,
        bootMillis);
  }

  @JsonIgnore
  public boolean isActive() {
    return state == InstanceState.STARTING
        || state == InstanceState.RUNNING
        || state == InstanceState.STOPPING;
  }
}
