package dev.ops.runner.testing;

import dev.ops.runner.host.VmUsers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts of their own on this machine, for tests of a fleet that loses one: a bridge in the root
 * network namespace holds the address that Kafka and the registry listen on, and each host is a
 * network namespace joined to the bridge by a veth pair, with its own address on the same private
 * /24. Cutting a host off takes the bridge's end of its pair down, as a pulled cable would: the
 * host keeps running and keeps its address, and hears nothing.
 *
 * <p>Needs root and iproute2's {@code ip}. Every name carries a random suffix, so two runs (or
 * other people's namespaces) on one machine do not meet; {@link #close} removes all it made.
 */
public final class HostNetwork implements AutoCloseable {

  private static final Duration IP_TIMEOUT = Duration.ofSeconds(30);
  private static final int FIRST_HOST_OCTET = 10;
  private static final int SUBNET_TRIES = 50;
  private static final Pattern ROUTE_PREFIX =
      Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)\\.(\\d+)(?:/(\\d+))?");

  /**
   * One simulated host.
   *
   * @param name the test's name for it
   * @param namespace its network namespace
   * @param address its address on the private /24
   * @param link the bridge's end of its veth pair: down means cut off
   */
  public record Host(String name, String namespace, String address, String link) {

    /** {@code command} run inside this host's namespace (an argument list, as given). */
    public List<String> inside(List<String> command) {
      List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
      wrapped.addAll(command);
      return wrapped;
    }
  }

  private final String suffix;
  private final String bridge;
  private final String subnet;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Thread shutdownHook = new Thread(this::removeAll, "remove-host-network");

  private HostNetwork(String suffix, String subnet) {
    this.suffix = suffix;
    this.bridge = "opsbr" + suffix;
    this.subnet = subnet;
    // A test JVM that ends early must not leave namespaces and links behind.
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A bridge and one namespace per name, all up; fails with what is missing without root. */
  public static HostNetwork create(List<String> hostNames) {
    requireRootAndIp();
    HostNetwork network = new HostNetwork(randomSuffix(), freeSubnet());
    try {
      network.addBridge();
      for (String name : hostNames) {
        network.addHost(name);
      }
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /** The root namespace's address on the bridge, where the hosts find Kafka and the registry. */
  public String hostAddress() {
    return subnet + ".1";
  }

  public Host host(String name) {
    return hosts.get(name);
  }

  /** Takes the host's link down: nothing goes in or out until {@link #reconnect}. */
  public void cutOff(Host host) {
    ip("link", "set", host.link(), "down");
  }

  public void reconnect(Host host) {
    ip("link", "set", host.link(), "up");
  }

  /**
   * Removes the namespaces, the veth pairs and the bridge, whatever state they are in. A namespace
   * some process still runs in lives on until that process ends, but loses its name and links.
   */
  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs anyway.
    }
  }

  private void removeAll() {
    for (Host host : hosts.values()) {
      ipQuietly("netns", "delete", host.namespace());
      ipQuietly("link", "delete", host.link());
    }
    ipQuietly("link", "delete", bridge);
  }

  private void addBridge() {
    ip("link", "add", bridge, "type", "bridge");
    ip("address", "add", hostAddress() + "/24", "dev", bridge);
    ip("link", "set", bridge, "up");
  }

  private void addHost(String name) {
    int index = hosts.size() + 1;
    Host host =
        new Host(
            name,
            "ops-" + suffix + "-" + index,
            subnet + "." + (FIRST_HOST_OCTET + index),
            "opsh" + suffix + index);
    hosts.put(name, host);
    String inner = "opsn" + suffix + index;
    ip("netns", "add", host.namespace());
    ip("link", "add", host.link(), "type", "veth", "peer", "name", inner);
    ip("link", "set", inner, "netns", host.namespace());
    ip("link", "set", host.link(), "master", bridge);
    ip("link", "set", host.link(), "up");
    insideHost(host, "address", "add", host.address() + "/24", "dev", inner);
    insideHost(host, "link", "set", inner, "up");
    // Kafka's clients and QEMU's user network inside the namespace use loopback too.
    insideHost(host, "link", "set", "lo", "up");
  }

  private static void insideHost(Host host, String... arguments) {
    List<String> command = new ArrayList<>(List.of("-n", host.namespace()));
    command.addAll(List.of(arguments));
    ip(command.toArray(String[]::new));
  }

  /** A 10.x.y.0/24 that no route or address of this machine's root namespace overlaps. */
  private static String freeSubnet() {
    List<Range> taken = takenRanges();
    for (int i = 0; i < SUBNET_TRIES; i++) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int second = random.nextInt(64, 255);
      int third = random.nextInt(1, 255);
      Range candidate = Range.of((10L << 24) | ((long) second << 16) | ((long) third << 8), 24);
      if (taken.stream().noneMatch(candidate::overlaps)) {
        return "10." + second + "." + third;
      }
    }
    throw new IllegalStateException("no free 10.x.y.0/24 found after " + SUBNET_TRIES + " tries");
  }

  /**
   * Every IPv4 prefix or address the root namespace's routes and interfaces name; gateways and
   * source addresses are counted too, which only makes the choice more careful.
   */
  private static List<Range> takenRanges() {
    String routes = ip("-4", "-o", "route", "show", "table", "all");
    String addresses = ip("-4", "-o", "address", "show");
    List<Range> ranges = new ArrayList<>();
    Matcher prefix = ROUTE_PREFIX.matcher(routes + "\n" + addresses);
    while (prefix.find()) {
      long address = 0;
      for (int octet = 1; octet <= 4; octet++) {
        address = (address << 8) | Integer.parseInt(prefix.group(octet));
      }
      ranges.add(
          Range.of(address, prefix.group(5) == null ? 32 : Integer.parseInt(prefix.group(5))));
    }
    return ranges;
  }

  /** The IPv4 addresses from {@code first} to {@code last}, as unsigned numbers. */
  private record Range(long first, long last) {

    static Range of(long address, int prefixBits) {
      long size = 1L << (32 - prefixBits);
      long first = address & ~(size - 1);
      return new Range(first, first + size - 1);
    }

    boolean overlaps(Range other) {
      return first <= other.last && other.first <= last;
    }
  }

  private static String randomSuffix() {
    byte[] bytes = new byte[3];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static void requireRootAndIp() {
    if (!VmUsers.runningAsRoot()) {
      throw new IllegalStateException(
          "this test makes network namespaces and veth pairs, which needs root; run it as root"
              + " (CI does), or leave it out with -Dit.test='!MultiHostIT'");
    }
    try {
      ip("-V");
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "this test needs iproute2's 'ip' command; install it with bin/setup-host", e);
    }
  }

  private static void ipQuietly(String... arguments) {
    try {
      ip(arguments);
    } catch (IllegalStateException e) {
      // Already gone, or never made: closing after a half-made network.
    }
  }

  /** Runs {@code ip} with these arguments; returns what it printed, fails with it otherwise. */
  private static String ip(String... arguments) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(IP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    }
  }
}
