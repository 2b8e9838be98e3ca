package dev.ops.core.kernel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the LZ4 "legacy" stream the Linux build uses to compress its kernel: a magic number, then
 * independent blocks of at most 8 MiB, each preceded by its compressed length. Needed to turn
 * Debian's bzImage into the uncompressed vmlinux that QEMU boots through PVH.
 */
final class Lz4LegacyDecoder {

  static final int MAGIC = 0x184C2102;
  private static final int MAX_BLOCK = 8 << 20;
  private static final int MIN_MATCH = 4;

  private Lz4LegacyDecoder() {}

  /** Decodes from {@code input}, which starts with the magic; stops at the first non-block. */
  static void decode(ByteBuffer input, OutputStream output) throws IOException {
    ByteBuffer in = input.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < 4 || in.getInt() != MAGIC) {
      throw new IOException("not an LZ4 legacy stream");
    }
    byte[] block = new byte[MAX_BLOCK];
    while (in.remaining() >= 4) {
      int length = in.getInt(in.position());
      // The kernel appends its uncompressed size after the last block: it reads as a length
      // larger than what is left, which ends the stream.
      if (length <= 0 || length > in.remaining() - 4 || length == MAGIC) {
        break;
      }
      in.position(in.position() + 4);
      int produced = decodeBlockChecked(in.slice(in.position(), length), block);
      output.write(block, 0, produced);
      in.position(in.position() + length);
    }
  }

  private static int decodeBlockChecked(ByteBuffer in, byte[] out) throws IOException {
    try {
      return decodeBlock(in, out);
    } catch (BufferUnderflowException e) {
      throw new IOException("corrupt LZ4 block: it ends in the middle of a sequence", e);
    }
  }

  private static int decodeBlock(ByteBuffer in, byte[] out) throws IOException {
    int written = 0;
    while (in.hasRemaining()) {
      int token = in.get() & 0xff;
      int literals = readLength(in, token >>> 4);
      written = copyLiterals(in, out, written, literals);
      if (!in.hasRemaining()) {
        return written;
      }
      int offset = (in.get() & 0xff) | (in.get() & 0xff) << 8;
      int matchLength = readLength(in, token & 0x0f) + MIN_MATCH;
      written = copyMatch(out, written, offset, matchLength);
    }
    return written;
  }

  private static int readLength(ByteBuffer in, int initial) throws IOException {
    int length = initial;
    if (initial == 15) {
      int next;
      do {
        next = in.get() & 0xff;
        length += next;
        if (length > MAX_BLOCK) {
          throw new IOException("corrupt LZ4 block: a length beyond the block size");
        }
      } while (next == 255);
    }
    return length;
  }

  private static int copyLiterals(ByteBuffer in, byte[] out, int at, int count) throws IOException {
    if (count > in.remaining() || at + count > out.length) {
      throw new IOException("corrupt LZ4 block: literals run past the end");
    }
    in.get(out, at, count);
    return at + count;
  }

  private static int copyMatch(byte[] out, int at, int offset, int length) throws IOException {
    if (offset == 0 || offset > at || at + length > out.length) {
      throw new IOException("corrupt LZ4 block: match outside the window");
    }
    // Byte by byte on purpose: a match may overlap the bytes it produces.
    for (int i = 0; i < length; i++) {
      out[at + i] = out[at + i - offset];
    }
    return at + length;
  }
}
