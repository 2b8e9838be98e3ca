package dev.ops.events.instance;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ops.events.Require;

/**
 * A TCP port of the guest forwarded from the runner's host, as {@code -p} does locally.
 *
 * @param hostAddress the address to bind on the runner's host; absent means {@code 127.0.0.1}, so a
 *     VM is exposed to the network only when someone asks for it
 * @param hostPort the port on the runner's host
 * @param guestPort the port the program listens on in the guest
 */
public record PortMapping(
    String hostAddress,
    @JsonProperty(required = true) int hostPort,
    @JsonProperty(required = true) int guestPort) {

  public static final String LOOPBACK = "127.0.0.1";

  public PortMapping {
    hostAddress = hostAddress == null ? LOOPBACK : Require.text(hostAddress, "hostAddress");
    Require.port(hostPort, "hostPort");
    Require.port(guestPort, "guestPort");
  }
}
