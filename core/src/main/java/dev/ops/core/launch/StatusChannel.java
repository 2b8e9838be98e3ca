package dev.ops.core.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host end of the guest's status channel (its second serial port, a UNIX socket on the host).
 * QEMU waits for this connection before it starts the guest, so no report is lost. The guest says
 * {@code ready}, {@code started <pid>}, {@code exited <code>}, {@code signaled <n>} or {@code error
 * <step> <message>}; the host may send {@code stop} or {@code kill}.
 */
final class StatusChannel implements AutoCloseable {

  private static final long CONNECT_POLL_MS = 10;

  private static final long CONNECT_TIMEOUT_MS = 30_000;

  private final SocketChannel socket;
  private volatile boolean started;
  private volatile long startedNanos;
  private volatile String lastReport;

  private StatusChannel(SocketChannel socket) {
    this.socket = socket;
  }

  /**
   * Connects once QEMU has created the socket; gives up when QEMU is gone, or after {@link
   * #CONNECT_TIMEOUT_MS} (QEMU waits for this connection before it boots, so nothing is lost).
   */
  static StatusChannel connect(Path socketPath, Process qemu) throws IOException {
    long deadline = System.currentTimeMillis() + CONNECT_TIMEOUT_MS;
    IOException last = null;
    while (qemu.isAlive() && System.currentTimeMillis() < deadline) {
      if (Files.exists(socketPath)) {
        try {
          SocketChannel socket = SocketChannel.open(StandardProtocolFamily.UNIX);
          socket.connect(UnixDomainSocketAddress.of(socketPath));
          return new StatusChannel(socket);
        } catch (IOException e) {
          // The file can exist a moment before QEMU listens on it.
          last = e;
        }
      }
      if (!sleep()) {
        break;
      }
    }
    throw new IOException(
        "the status channel "
            + socketPath
            + " did not open"
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  /** Reads reports until the guest or QEMU closes the channel; returns the final one. */
  String readUntilClosed() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(socket), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        record(line.strip());
      }
    } catch (IOException e) {
      // QEMU closing its end is the normal way for this channel to end.
    }
    return lastReport;
  }

  boolean programStarted() {
    return started;
  }

  /** {@link System#nanoTime()} when the program's start was reported; 0 before. */
  long programStartedNanos() {
    return startedNanos;
  }

  void send(String command) {
    try {
      socket.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      // The VM is already going away; the caller falls back to killing QEMU.
    }
  }

  private void record(String line) {
    if (line.startsWith("started")) {
      startedNanos = System.nanoTime();
      started = true;
    }
    if (line.startsWith("exited ") || line.startsWith("signaled ") || line.startsWith("error ")) {
      lastReport = line;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing left to do with a socket that will not close.
    }
  }

  private static boolean sleep() {
    try {
      Thread.sleep(CONNECT_POLL_MS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
