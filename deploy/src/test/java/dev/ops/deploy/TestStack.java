package dev.ops.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole stack of the test's own, driven by deploy/up, deploy/status and deploy/down: its state
 * directory, its {@code OPS_HOME} and a free port for everything, beside any other stack on this
 * machine. The guest kernel comes from the user's kernel cache, as in the other VM tests.
 */
final class TestStack {

  /** A first up may fetch the Kafka jars; later ones take about a minute on 2 busy cores. */
  private static final Duration UP_TIMEOUT = Duration.ofMinutes(10);

  private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);
  private static final List<String> PORT_VARIABLES =
      List.of(
          "OPS_KAFKA_PORT",
          "OPS_KAFKA_CONTROLLER_PORT",
          "OPS_POSTGRES_PORT",
          "OPS_REGISTRY_PORT",
          "OPS_BUILDER_PORT",
          "OPS_RUNNER_PORT");

  final Path stateDirectory;
  final Path opsHome;
  private final Map<String, String> settings;

  private TestStack(Path stateDirectory, Path opsHome, Map<String, String> settings) {
    this.stateDirectory = stateDirectory;
    this.opsHome = opsHome;
    this.settings = settings;
  }

  /** A stack under {@code work}, with {@code extraSettings} on top of its own. */
  static TestStack under(Path work, Map<String, String> extraSettings) {
    // PostgreSQL runs as the postgres user, who must reach the state directory through this one.
    StackScript.openToOtherUsers(work);
    Path stateDirectory = createDirectory(work.resolve("stack"));
    Path opsHome = createDirectory(work.resolve("ops-home"));
    Map<String, String> settings = new LinkedHashMap<>();
    List<Integer> ports = FreePorts.take(PORT_VARIABLES.size());
    for (int i = 0; i < ports.size(); i++) {
      settings.put(PORT_VARIABLES.get(i), ports.get(i).toString());
    }
    settings.put("OPS_KAFKA_HEAP", "256m");
    settings.put("OPS_HOME", opsHome.toString());
    settings.put("OPS_KERNEL_CACHE", userKernelCache().toString());
    settings.putAll(extraSettings);
    return new TestStack(stateDirectory, opsHome, settings);
  }

  int port(String variable) {
    return Integer.parseInt(settings.get(variable));
  }

  String registryAddress() {
    return "127.0.0.1:" + port("OPS_REGISTRY_PORT");
  }

  String registryToken() {
    try {
      return Files.readString(stateDirectory.resolve("registry/push-token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  StackScript.Result up() {
    return script("up").withTimeout(UP_TIMEOUT).run();
  }

  StackScript.Result status() {
    return script("status").run();
  }

  StackScript.Result down(String... flags) {
    return script("down").withTimeout(Duration.ofMinutes(3)).run(flags);
  }

  /** The runner's VMs that run, by instance id: each one's supervisor pid. */
  Map<String, Long> vms() {
    Map<String, Long> vms = new LinkedHashMap<>();
    StackScript.Result listed = script("runner").run("vms");
    for (String line : listed.output().lines().toList()) {
      if (!line.matches("\\S+ [0-9]+")) {
        throw new AssertionError("not a VM line: " + listed);
      }
      String[] fields = line.split(" ");
      vms.put(fields[0], Long.parseLong(fields[1]));
    }
    return vms;
  }

  /** The packaged ops command line, configured by nothing but what deploy/up wrote. */
  Processes.Finished ops(String... arguments) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = StackScript.moduleDirectory().resolve("../cli/target/ops.jar").normalize();
    List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar.toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    StackScript.CLIENT_VARIABLES.forEach(builder.environment()::remove);
    builder.environment().put("OPS_HOME", opsHome.toString());
    builder.environment().put("OPS_KERNEL_CACHE", settings.get("OPS_KERNEL_CACHE"));
    return Processes.run(builder, CLI_TIMEOUT);
  }

  /**
   * Leaves nothing running whatever the test did: instances are stopped through the fleet when it
   * can, supervisors the test's runner left otherwise (by pid, each ends its VM), then the stack.
   */
  void tearDown() {
    down("--stop-instances");
    vms().values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    down();
  }

  private StackScript script(String name) {
    return StackScript.named(name, stateDirectory, settings);
  }

  private static Path userKernelCache() {
    Map<String, String> environment = System.getenv();
    if (environment.containsKey("OPS_KERNEL_CACHE")) {
      return Path.of(environment.get("OPS_KERNEL_CACHE"));
    }
    String home = environment.getOrDefault("OPS_HOME", System.getProperty("user.home") + "/.ops");
    return Path.of(home, "kernels");
  }

  private static Path createDirectory(Path directory) {
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
