package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.util.List;

/**
 * A command: run one instance of an image somewhere in the fleet. Runners share these in one
 * consumer group; exactly one VM runs per instance id however often this is delivered.
 *
 * @param instanceId the instance's id, chosen by the requester
 * @param name a name for people ({@code web-1}); absent means the id
 * @param image the image reference, registry included ({@code host:port/name:tag})
 * @param imageDigest the manifest digest to run; absent means whatever the tag names when pulled
 * @param memoryMib guest memory in MiB
 * @param cpus virtual CPUs
 * @param ports ports forwarded from the runner's host
 * @param restart the restart policy
 * @param placement where it may run; absent means anywhere with room
 * @param requestedBy who asked, for people reading the events
 */
public record LaunchRequested(
    String instanceId,
    String name,
    String image,
    String imageDigest,
    @JsonProperty(required = true) int memoryMib,
    @JsonProperty(required = true) int cpus,
    List<PortMapping> ports,
    RestartPolicy restart,
    Placement placement,
    String requestedBy)
    implements EventPayload {

  public LaunchRequested {
    Require.text(instanceId, "instanceId");
    Require.optionalText(name, "name");
    Require.text(image, "image");
    Require.optionalDigest(imageDigest, "imageDigest");
    Require.positive(memoryMib, "memoryMib");
    Require.positive(cpus, "cpus");
    ports = Require.list(ports, "ports");
    restart = restart == null ? RestartPolicy.NO : restart;
    Require.text(requestedBy, "requestedBy");
  }

  @Override
  public String key() {
    return instanceId;
  }
}
