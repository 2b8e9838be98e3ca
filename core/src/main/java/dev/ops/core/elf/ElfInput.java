package dev.ops.core.elf;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Bounded reads from one ELF file.
 *
 * <p>Header fields of a hostile file can claim any offset and size, so every read is checked
 * against the file's size and a fixed ceiling before anything is allocated; a read that fails the
 * check becomes an {@link ElfFormatException} naming what was being read.
 */
final class ElfInput implements Closeable {
  /** No single table or section we read is larger in real files; it caps what a lie can cost. */
  static final int MAX_READ = 64 * 1024 * 1024;

  /** Longer than any path or library list, so a missing NUL is found quickly. */
  static final int MAX_STRING = 64 * 1024;

  private static final int STRING_CHUNK = 256;

  private final Path path;
  private final FileChannel channel;
  private final long size;

  private ElfInput(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** Opens a regular file; anything else (a directory, a device, a pipe) is not an ELF file. */
  static ElfInput open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new NotAnElfFileException(path, "is a directory; perhaps you meant a file inside it");
    }
    if (!Files.isRegularFile(path)) {
      throw new NotAnElfFileException(
          path, "is not a regular file (a device, a pipe or a socket); pass the file instead");
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return new ElfInput(path, channel, channel.size());
  }

  Path path() {
    return path;
  }

  long size() {
    return size;
  }

  /** Reports a problem with the file's contents. */
  ElfFormatException invalid(String reason) {
    return new ElfFormatException(path, reason);
  }

  /** Up to {@code maximum} bytes from the start of the file, fewer when the file is shorter. */
  byte[] readPrefix(int maximum) throws IOException {
    int length = (int) Math.min(size, maximum);
    return readExactly(0, length, "the first bytes");
  }

  /** {@code length} bytes at {@code offset}, little-endian, after checking both. */
  ByteBuffer read(long offset, long length, String what) throws IOException {
    checkRange(offset, length, what);
    byte[] bytes = readExactly(offset, (int) length, what);
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Same as {@link #read}, as a plain array. */
  byte[] readBytes(long offset, long length, String what) throws IOException {
    checkRange(offset, length, what);
    return readExactly(offset, (int) length, what);
  }

  /**
   * The NUL-terminated string starting at {@code offset}, which must end before {@code end}.
   *
   * <p>Reads in small chunks, so a string table of any claimed size costs only the string.
   */
  String readString(long offset, long end, String what) throws IOException {
    long limit = Math.min(end, size);
    if (offset < 0 || offset >= limit) {
      throw invalid(what + " starts at offset " + offset + ", outside its table or the file");
    }
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    long position = offset;
    while (position < limit) {
      int chunkLength = (int) Math.min(STRING_CHUNK, limit - position);
      byte[] chunk = readExactly(position, chunkLength, what);
      int nul = indexOfNul(chunk);
      if (nul >= 0) {
        text.write(chunk, 0, nul);
        return text.toString(StandardCharsets.UTF_8);
      }
      text.write(chunk, 0, chunk.length);
      if (text.size() > MAX_STRING) {
        throw invalid(what + " at offset " + offset + " is longer than " + MAX_STRING + " bytes");
      }
      position += chunkLength;
    }
    throw invalid(what + " at offset " + offset + " has no terminating NUL byte before " + limit);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void checkRange(long offset, long length, String what) throws ElfFormatException {
    if (offset < 0 || length < 0 || offset > size || length > size - offset) {
      throw invalid(
          what
              + " (offset "
              + Long.toUnsignedString(offset)
              + ", "
              + Long.toUnsignedString(length)
              + " bytes) runs past the end of the file ("
              + size
              + " bytes)");
    }
    if (length > MAX_READ) {
      throw invalid(what + " claims " + length + " bytes, more than the limit of " + MAX_READ);
    }
  }

  private byte[] readExactly(long offset, int length, String what) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    while (buffer.hasRemaining()) {
      int count = channel.read(buffer, offset + buffer.position());
      if (count < 0) {
        throw invalid("the file ended while reading " + what + "; did it change while read?");
      }
    }
    return buffer.array();
  }

  private static int indexOfNul(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
