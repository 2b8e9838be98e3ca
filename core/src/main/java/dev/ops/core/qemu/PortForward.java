package dev.ops.core.qemu;

import dev.ops.core.OpsException;

/**
 * A TCP port of the guest reachable on the host, {@code -p HOST[:GUEST]}. Bound to 127.0.0.1 unless
 * an address is given ({@code -p 0.0.0.0:8080:80}), so a VM is not exposed by accident.
 */
public record PortForward(String hostAddress, int hostPort, int guestPort) {

  public static final String LOOPBACK = "127.0.0.1";

  public static PortForward parse(String text) {
    String[] parts = text.split(":", -1);
    try {
      return switch (parts.length) {
        case 1 -> new PortForward(LOOPBACK, port(parts[0], text), port(parts[0], text));
        case 2 -> new PortForward(LOOPBACK, port(parts[0], text), port(parts[1], text));
        case 3 -> new PortForward(parts[0], port(parts[1], text), port(parts[2], text));
        default -> throw invalid(text);
      };
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
  }

  private static int port(String value, String text) {
    int port = Integer.parseInt(value.strip());
    if (port < 1 || port > 65535) {
      throw invalid(text);
    }
    return port;
  }

  private static OpsException invalid(String text) {
    return new OpsException(
        "'" + text + "' is not a port forward",
        "write -p HOST[:GUEST] with ports from 1 to 65535, for example -p 8080 or -p 8080:80");
  }

  /** The {@code hostfwd} option of QEMU's user-mode network. */
  public String toHostForward() {
    return "hostfwd=tcp:" + hostAddress + ":" + hostPort + "-:" + guestPort;
  }

  @Override
  public String toString() {
    return hostAddress + ":" + hostPort + "->" + guestPort;
  }
}
