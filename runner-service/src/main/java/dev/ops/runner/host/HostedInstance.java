package dev.ops.runner.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.LaunchRequested;
import java.time.Instant;

/**
 * What this runner keeps on disk about an instance it holds ({@code runner.json} beside the
 * supervisor's {@code instance.json}), so that a restarted runner carries on where it stopped:
 * which attempt runs, what it already reported, how far the console was shipped.
 *
 * @param launch the launch request
 * @param attempt the attempt this runner runs
 * @param imageName the image's name in the runner's cache
 * @param reported the last phase this runner published for the attempt
 * @param consoleSeq the {@code seq} of the last console line published
 * @param programOffset bytes of the program's console already published
 * @param kernelOffset bytes of the boot console already published
 * @param restarts restarts made by the restart policy so far
 * @param stopDeadline when a stop asked for turns into a kill; null unless stopping
 * @param stopReason who asked for the stop, for the stopping event
 * @param endedAt when the attempt's VM ended, for the restart backoff
 * @param vmUid the user id the attempt's QEMU runs as; null: the runner's own user
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostedInstance(
    LaunchRequested launch,
    int attempt,
    String imageName,
    InstancePhase reported,
    long consoleSeq,
    long programOffset,
    long kernelOffset,
    int restarts,
    Instant stopDeadline,
    String stopReason,
    Instant endedAt,
    Integer vmUid) {

  public static HostedInstance scheduled(LaunchRequested launch, int attempt, long consoleSeq) {
    return new HostedInstance(
        launch,
        attempt,
        null,
        InstancePhase.SCHEDULED,
        consoleSeq,
        0,
        0,
        0,
        null,
        null,
        null,
        null);
  }

  public String instanceId() {
    return launch.instanceId();
  }

  public HostedInstance reported(InstancePhase phase) {
    return new HostedInstance(
        launch,
        attempt,
        imageName,
        phase,
        consoleSeq,
        programOffset,
        kernelOffset,
        restarts,
        stopDeadline,
        stopReason,
        endedAt,
        vmUid);
  }

  public HostedInstance withImage(String name) {
    return new HostedInstance(
        launch,
        attempt,
        name,
        reported,
        consoleSeq,
        programOffset,
        kernelOffset,
        restarts,
        stopDeadline,
        stopReason,
        endedAt,
        vmUid);
  }

  public HostedInstance shipped(long seq, long program, long kernel) {
    return new HostedInstance(
        launch,
        attempt,
        imageName,
        reported,
        seq,
        program,
        kernel,
        restarts,
        stopDeadline,
        stopReason,
        endedAt,
        vmUid);
  }

  public HostedInstance stopping(Instant deadline, String reason) {
    return new HostedInstance(
        launch,
        attempt,
        imageName,
        InstancePhase.STOPPING,
        consoleSeq,
        programOffset,
        kernelOffset,
        restarts,
        deadline,
        reason,
        endedAt,
        vmUid);
  }

  public HostedInstance ended(InstancePhase phase, Instant at) {
    return new HostedInstance(
        launch,
        attempt,
        imageName,
        phase,
        consoleSeq,
        programOffset,
        kernelOffset,
        restarts,
        null,
        null,
        at,
        vmUid);
  }

  /** The next attempt on this runner: a fresh console, the sequence going on. */
  public HostedInstance nextAttempt(int newAttempt, boolean byRestartPolicy) {
    return new HostedInstance(
        launch,
        newAttempt,
        imageName,
        InstancePhase.SCHEDULED,
        consoleSeq,
        0,
        0,
        byRestartPolicy ? restarts + 1 : restarts,
        null,
        null,
        null,
        vmUid);
  }

  public HostedInstance withVmUid(Integer uid) {
    return new HostedInstance(
        launch,
        attempt,
        imageName,
        reported,
        consoleSeq,
        programOffset,
        kernelOffset,
        restarts,
        stopDeadline,
        stopReason,
        endedAt,
        uid);
  }

  /** Whether the attempt's VM is, or is about to be, on this host. */
  public boolean holdsVm() {
    return reported != InstancePhase.EXITED
        && reported != InstancePhase.FAILED
        && reported != InstancePhase.LOST;
  }
}
