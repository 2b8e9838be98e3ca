package dev.ops.runner.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.core.OpsException;
import dev.ops.core.OpsHome;
import dev.ops.core.instance.InstanceStore;
import dev.ops.core.instance.SupervisorMain;
import dev.ops.core.launch.VmUser;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.ArchiveEntry;

/**
 * Starts the process that owns one instance's VM: the core's {@link SupervisorMain} in a small JVM
 * of its own, in a session of its own. It outlives this runner, so a runner restarted for an
 * upgrade or killed finds its VMs still running. The command is an argument list, never a shell
 * line.
 */
public final class SupervisorSpawner {

  private static final String GUEST_RESOURCE = "dev/ops/host/vm-leash";

  private final OpsHome home;
  private final String classpath;
  private final String java;

  public SupervisorSpawner(OpsHome home) {
    this.home = home;
    this.classpath = String.join(File.pathSeparator, supervisorClasspath());
    this.java = ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * Starts the supervisor of {@code instanceId}; returns its process id. The supervisor runs as
   * this runner's user; its QEMU as {@code vmUser} when one is given.
   */
  public long spawn(String instanceId, Duration stopGrace, Optional<VmUser> vmUser) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                java,
                "-Xmx48m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                SupervisorMain.class.getName(),
                home.root().toString(),
                home.kernels().toString(),
                instanceId,
                Long.toString(Math.max(1, stopGrace.toSeconds()))));
    vmUser.ifPresent(user -> command.add(user.spec()));
    File log = home.instances().resolve(instanceId).resolve(InstanceStore.SUPERVISOR_LOG).toFile();
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .redirectErrorStream(true)
              .start();
      return process.pid();
    } catch (IOException e) {
      throw new OpsException("could not start the supervisor of " + instanceId + ": " + e);
    }
  }

  /**
   * The jars (or class directories) the supervisor needs: the core, its JSON and archive libraries,
   * and the guest module with the native VM helper. Found from where this JVM loaded them, so it is
   * the same under Quarkus, under Maven's test runner and from a plain classpath.
   */
  static List<String> supervisorClasspath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> type :
        List.of(
            SupervisorMain.class,
            ObjectMapper.class,
            JsonFactory.class,
            JsonInclude.class,
            ArchiveEntry.class)) {
      entries.add(locationOf(type));
    }
    entries.add(locationOfResource(GUEST_RESOURCE));
    return new ArrayList<>(entries);
  }

  private static String locationOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new OpsException("cannot tell where " + type.getName() + " was loaded from");
    }
    return pathOf(source.getLocation());
  }

  private static String locationOfResource(String resource) {
    URL url = SupervisorSpawner.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new OpsException(
          "the guest module's " + resource + " is not on the classpath",
          "build ops with 'mvn package' (the guest module compiles it)");
    }
    String text = url.toString();
    if (text.startsWith("jar:")) {
      return pathOf(url(text.substring("jar:".length(), text.indexOf("!/"))));
    }
    String path = pathOf(url);
    return path.substring(0, path.length() - resource.length() - 1);
  }

  private static URL url(String text) {
    try {
      return new java.net.URI(text).toURL();
    } catch (URISyntaxException | java.net.MalformedURLException e) {
      throw new OpsException("unexpected class location " + text);
    }
  }

  private static String pathOf(URL location) {
    try {
      return Path.of(location.toURI()).toString();
    } catch (URISyntaxException e) {
      throw new OpsException("unexpected class location " + location);
    }
  }
}
