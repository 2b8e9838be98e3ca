package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.EventPayload;
import dev.ops.events.Require;
import java.util.List;

/**
 * A fact: the guest's init started the program.
 *
 * @param instanceId the instance's id
 * @param runnerId the runner
 * @param host the runner host's name or address, where the ports answer
 * @param ports the ports forwarded, as bound
 * @param bootMillis from starting QEMU to the program starting: the VM's own share of the launch
 */
public record InstanceRunning(
    String instanceId,
    String runnerId,
    String host,
    List<PortMapping> ports,
    @JsonProperty(required = true) long bootMillis)
    implements EventPayload {

  public InstanceRunning {
    Require.text(instanceId, "instanceId");
    Require.text(runnerId, "runnerId");
    Require.text(host, "host");
    ports = Require.list(ports, "ports");
    Require.nonNegative(bootMillis, "bootMillis");
  }

  @Override
  public String key() {
    return instanceId;
  }
}
