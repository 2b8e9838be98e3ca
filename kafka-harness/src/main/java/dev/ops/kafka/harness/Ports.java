package dev.ops.kafka.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free ports, chosen on the loopback interface, where the broker listens unless told a host. */
final class Ports {

  static final String HOST = "127.0.0.1";

  private Ports() {}

  /**
   * {@code count} distinct ports that are free now. Another process may take one before the broker
   * binds it; the launcher notices that and tries again with new ones.
   */
  static List<Integer> free(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, loopback()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on " + HOST, e);
    } finally {
      sockets.forEach(Ports::closeQuietly);
    }
  }

  /** Fails with the port's owner in mind when {@code port} is taken on {@code host}. */
  static void requireFree(String host, int port, String purpose) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new KafkaHarnessException(
          "the Kafka "
              + purpose
              + " port "
              + host
              + ":"
              + port
              + " is taken by another process ("
              + e.getMessage()
              + "); stop that process (ss -ltnp 'sport = :"
              + port
              + "' shows it) or leave the port out to use a free one");
    }
  }

  private static InetAddress loopback() throws IOException {
    return InetAddress.getByName(HOST);
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing listened on it; there is nothing to clean up.
    }
  }
}
