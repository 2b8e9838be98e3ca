package dev.ops.kafka.harness;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The broker JVM's classpath: this module's own code, for {@link BrokerMain}, and the Kafka jars
 * that this module's build resolved, listed by {@code dependency:build-classpath} in two resources
 * (the server's jars and the client's).
 */
final class BrokerClasspath {

  static final List<String> RESOURCES =
      List.of("broker-server.classpath", "broker-client.classpath");

  private BrokerClasspath() {}

  static String resolve() {
    List<String> entries = new ArrayList<>();
    entries.add(ownCodeLocation().toString());
    RESOURCES.forEach(resource -> entries.addAll(jarsListedIn(resource)));
    entries.stream()
        .filter(entry -> !Files.exists(Path.of(entry)))
        .findFirst()
        .ifPresent(
            missing -> {
              throw new KafkaHarnessException(
                  "the Kafka broker's jar "
                      + missing
                      + " is not on this machine; rebuild the harness here"
                      + " (mvn -pl kafka-harness -am install) so Maven downloads it");
            });
    return String.join(File.pathSeparator, entries);
  }

  private static List<String> jarsListedIn(String resource) {
    try (InputStream in = BrokerClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new KafkaHarnessException(
            "the harness was built without its "
                + resource
                + " resource; build it with Maven (mvn -pl kafka-harness -am install), not an IDE"
                + " alone");
      }
      String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return Arrays.stream(classpath.split(File.pathSeparator)).filter(s -> !s.isBlank()).toList();
    } catch (IOException e) {
      throw new KafkaHarnessException("could not read " + resource + ": " + e.getMessage(), e);
    }
  }

  private static Path ownCodeLocation() {
    try {
      return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new KafkaHarnessException("cannot locate the harness's own classes", e);
    }
  }
}
