package dev.ops.runner.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines a console log gained since an offset. The log on disk is the buffer between a VM
 * and Kafka: however fast a program floods its console, the runner holds at most one chunk in
 * memory, and what Kafka has not taken yet stays in the file.
 */
public final class ConsoleTail {

  /** The most read at once, so a flooding program costs bounded memory. */
  public static final int CHUNK_BYTES = 256 * 1024;

  /** Longer lines are cut into pieces of this many bytes. */
  public static final int MAX_LINE_BYTES = 8 * 1024;

  /**
   * Lines read and where the next read starts.
   *
   * @param lines complete lines, without their ending
   * @param nextOffset the offset after the last byte consumed
   */
  public record Chunk(List<String> lines, long nextOffset) {}

  private ConsoleTail() {}

  /**
   * @param atEnd the writer has finished: a last line without its ending is taken too
   */
  public static Chunk read(Path file, long offset, boolean atEnd) {
    byte[] bytes = readFrom(file, offset);
    List<String> lines = new ArrayList<>();
    int lineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' || i - lineStart >= MAX_LINE_BYTES) {
        int end = bytes[i] == '\n' ? i : i + 1;
        lines.add(text(bytes, lineStart, end));
        lineStart = i + 1;
      }
    }
    if (atEnd && lineStart < bytes.length && bytes.length < CHUNK_BYTES) {
      lines.add(text(bytes, lineStart, bytes.length));
      lineStart = bytes.length;
    }
    return new Chunk(lines, offset + lineStart);
  }

  /** The last lines of a log, for a failure report; at most one chunk is read. */
  public static List<String> lastLines(Path file, int count) {
    long size;
    try {
      size = Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return List.of();
    }
    List<String> lines = read(file, Math.max(0, size - CHUNK_BYTES), true).lines();
    return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  private static String text(byte[] bytes, int start, int end) {
    int length = end - start;
    if (length > 0 && bytes[start + length - 1] == '\r') {
      length--;
    }
    return new String(bytes, start, length, StandardCharsets.UTF_8);
  }

  private static byte[] readFrom(Path file, long offset) {
    if (!Files.exists(file)) {
      return new byte[0];
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long available = channel.size() - offset;
      if (available <= 0) {
        return new byte[0];
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(available, CHUNK_BYTES));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
        // Reads until the chunk is full or the file ends.
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
