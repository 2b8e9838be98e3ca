package dev.ops.core.kernel;

import dev.ops.core.OpsException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Takes the compressed vmlinux out of a bzImage. QEMU boots an uncompressed vmlinux ELF through its
 * PVH entry point, skipping the real-mode setup and the in-guest decompression (about 0.4 s under
 * TCG), and {@code microvm} has no firmware to run the bzImage path anyway.
 */
public final class BzImage {

  private static final int SETUP_SECTORS = 0x1f1;
  private static final int HEADER_MAGIC = 0x202;
  private static final int PAYLOAD_OFFSET = 0x248;
  private static final int PAYLOAD_LENGTH = 0x24c;
  private static final int SECTOR = 512;

  private BzImage() {}

  public static void extractVmlinux(Path bzImage, Path vmlinux) {
    try {
      ByteBuffer image =
          ByteBuffer.wrap(Files.readAllBytes(bzImage)).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer payload = payloadOf(image, bzImage);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(vmlinux))) {
        decompress(payload, out);
      }
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new OpsException(
          "could not extract vmlinux from " + bzImage + ": " + e.getMessage(),
          "the kernel image may be damaged: remove it from the kernel cache and fetch it again",
          e);
    }
  }

  private static ByteBuffer payloadOf(ByteBuffer image, Path bzImage) throws IOException {
    if (image.limit() < PAYLOAD_LENGTH + 4 || image.getInt(HEADER_MAGIC) != 0x53726448) {
      throw new IOException(bzImage + " is not a bzImage (no 'HdrS' boot header)");
    }
    int setupSectors = image.get(SETUP_SECTORS) & 0xff;
    int protectedModeStart = ((setupSectors == 0 ? 4 : setupSectors) + 1) * SECTOR;
    int offset = protectedModeStart + image.getInt(PAYLOAD_OFFSET);
    int length = image.getInt(PAYLOAD_LENGTH);
    return image.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void decompress(ByteBuffer payload, OutputStream out) throws IOException {
    int magic = payload.getInt(0);
    if (magic == Lz4LegacyDecoder.MAGIC) {
      Lz4LegacyDecoder.decode(payload, out);
      return;
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    try (InputStream in = streamDecompressor(bytes)) {
      in.transferTo(out);
    }
  }

  private static InputStream streamDecompressor(byte[] bytes) throws IOException {
    if ((bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return new GzipCompressorInputStream(new ByteArrayInputStream(bytes));
    }
    if ((bytes[0] & 0xff) == 0xfd && bytes[1] == '7' && bytes[2] == 'z') {
      return new XZCompressorInputStream(new ByteArrayInputStream(bytes));
    }
    throw new IOException(
        "the kernel payload uses a compression ops does not read (only LZ4, gzip and xz)");
  }
}
