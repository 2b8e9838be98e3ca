package dev.ops.core.image;

import dev.ops.core.OpsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code /.ops/init.conf}, which tells the guest init what to run and how to set up the
 * machine. Records are a tag, a space and a value, separated by NUL bytes: argv and environment
 * entries cannot contain NUL, so no quoting is needed. The format is described in the guest
 * module's README.
 */
public final class InitConfiguration {

  public static final String GUEST_PATH = "/.ops/init.conf";
  public static final String DEFAULT_ADDRESS = "10.0.2.15/24";
  public static final String DEFAULT_GATEWAY = "10.0.2.2";
  public static final String DEFAULT_NAME_SERVER = "10.0.2.3";

  private final ByteArrayOutputStream records = new ByteArrayOutputStream();

  public InitConfiguration program(String path, List<String> argv) {
    add("program", path);
    argv.forEach(arg -> add("arg", arg));
    return this;
  }

  public InitConfiguration environment(Map<String, String> env) {
    env.forEach((key, value) -> add("env", key + "=" + value));
    return this;
  }

  public InitConfiguration network(String hostname, List<String> nameServers) {
    add("hostname", hostname);
    add("ip", DEFAULT_ADDRESS);
    add("gateway", DEFAULT_GATEWAY);
    List<String> servers = nameServers.isEmpty() ? List.of(DEFAULT_NAME_SERVER) : nameServers;
    servers.forEach(server -> add("nameserver", server));
    return this;
  }

  public InitConfiguration modules(List<String> guestPaths) {
    guestPaths.forEach(path -> add("module", path));
    return this;
  }

  public InitConfiguration layers(List<String> names, int minimumMemoryMib) {
    names.forEach(name -> add("layer", name));
    add("min-memory-mib", Integer.toString(minimumMemoryMib));
    return this;
  }

  public byte[] toBytes() {
    return records.toByteArray();
  }

  private void add(String tag, String value) {
    if (value.indexOf('\0') >= 0) {
      throw new OpsException(
          "the "
              + tag
              + " value '"
              + value.replace('\0', '?')
              + "' contains a NUL byte, which Linux cannot pass to a program");
    }
    records.writeBytes((tag + " " + value).getBytes(StandardCharsets.UTF_8));
    records.write(0);
  }
}
