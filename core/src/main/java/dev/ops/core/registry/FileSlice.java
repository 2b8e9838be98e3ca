package dev.ops.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/**
 * A range of a file as a request body, read as it is sent (never whole in memory), telling a
 * listener how far it got.
 */
final class FileSlice extends InputStream {

  private final InputStream in;
  private final LongConsumer position;
  private long next;
  private long remaining;

  private FileSlice(InputStream in, long offset, long length, LongConsumer position) {
    this.in = in;
    this.next = offset;
    this.remaining = length;
    this.position = position;
  }

  static HttpRequest.BodyPublisher publisher(
      Path file, long offset, long length, LongConsumer position) {
    return HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> open(file, offset, length, position)),
        length);
  }

  private static InputStream open(Path file, long offset, long length, LongConsumer position) {
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(offset);
      return new FileSlice(Channels.newInputStream(channel), offset, length, position);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int read = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (read > 0) {
      remaining -= read;
      next += read;
      position.accept(next);
    }
    return read;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
