package dev.ops.kafka.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link KafkaBroker.Builder} collected.
 *
 * @param host the address clients reach the broker at: it listens there and advertises it
 * @param port the client port, 0 for any free one
 * @param controllerPort the controller port, 0 for any free one
 * @param properties server settings added to or replacing the harness's
 * @param startTimeout how long formatting and starting may take together
 * @param maxHeap the broker JVM's {@code -Xmx}
 * @param parentDirectory where the broker's own temporary directory is made
 * @param clientSecurity client settings every client needs to be let in (SASL), empty when none
 */
record LaunchSettings(
    String host,
    int port,
    int controllerPort,
    Map<String, String> properties,
    Duration startTimeout,
    String maxHeap,
    Path parentDirectory,
    Map<String, String> clientSecurity) {

  boolean fixedPorts() {
    return port != 0 || controllerPort != 0;
  }
}
