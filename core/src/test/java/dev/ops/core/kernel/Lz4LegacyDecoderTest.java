package dev.ops.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;

class Lz4LegacyDecoderTest {

  /** The block size of {@code lz4 -l}, which the kernel build uses. */
  private static final int LEGACY_BLOCK = 8 << 20;

  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

  /** Kernel-like bytes: runs of text with random bytes mixed in, so matches and literals both. */
  private static byte[] sample(int size, long seed) {
    Random random = new Random(seed);
    byte[] text = "mov %rax, %rbx; call __x86_return_thunk\n".getBytes(StandardCharsets.UTF_8);
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : text[i % text.length];
    }
    return data;
  }

  /** What the kernel's build writes: magic, length-prefixed blocks, uncompressed size. */
  private static byte[] legacyStream(byte[] data, boolean appendSize) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    writeInt(stream, Lz4LegacyDecoder.MAGIC);
    for (int start = 0; start < data.length; start += LEGACY_BLOCK) {
      byte[] chunk = Arrays.copyOfRange(data, start, Math.min(data.length, start + LEGACY_BLOCK));
      byte[] block = COMPRESSOR.compress(chunk);
      writeInt(stream, block.length);
      stream.writeBytes(block);
    }
    if (appendSize) {
      writeInt(stream, data.length);
    }
    return stream.toByteArray();
  }

  private static byte[] streamOfOneBlock(byte[] block) {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    writeInt(stream, Lz4LegacyDecoder.MAGIC);
    writeInt(stream, block.length);
    stream.writeBytes(block);
    writeInt(stream, 1 << 20);
    return stream.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int value) {
    out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  private static byte[] decode(byte[] stream) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Lz4LegacyDecoder.decode(ByteBuffer.wrap(stream), out);
    return out.toByteArray();
  }

  @Test
  void decodesASingleBlock() throws IOException {
    byte[] data = sample(100_000, 1);

    assertThat(decode(legacyStream(data, true))).isEqualTo(data);
  }

  @Test
  void decodesSeveralBlocksOfMoreThanEightMebibytesInAll() throws IOException {
    byte[] data = sample(2 * LEGACY_BLOCK + 12_345, 2);

    assertThat(decode(legacyStream(data, true))).isEqualTo(data);
  }

  @Test
  void decodesAStreamWithoutTheTrailingSize() throws IOException {
    byte[] data = sample(5_000, 3);

    assertThat(decode(legacyStream(data, false))).isEqualTo(data);
  }

  @Test
  void decodesIncompressibleData() throws IOException {
    byte[] data = new byte[70_000];
    new Random(4).nextBytes(data);

    assertThat(decode(legacyStream(data, true))).isEqualTo(data);
  }

  @Test
  void decodesOverlappingMatchesOfARepeatedByte() throws IOException {
    byte[] data = new byte[1 << 20];
    Arrays.fill(data, (byte) 0x90);

    assertThat(decode(legacyStream(data, true))).isEqualTo(data);
  }

  @Test
  void stopsAtZeroPaddingAfterTheStream() throws IOException {
    byte[] data = sample(10_000, 5);
    byte[] stream = legacyStream(data, true);
    byte[] padded = Arrays.copyOf(stream, stream.length + 64);

    assertThat(decode(padded)).isEqualTo(data);
  }

  @Test
  void decodesFromTheBuffersPosition() throws IOException {
    byte[] data = sample(10_000, 6);
    byte[] stream = legacyStream(data, true);
    byte[] prefixed = new byte[stream.length + 7];
    System.arraycopy(stream, 0, prefixed, 7, stream.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Lz4LegacyDecoder.decode(ByteBuffer.wrap(prefixed).position(7), out);

    assertThat(out.toByteArray()).isEqualTo(data);
  }

  @Test
  void refusesAStreamWithoutTheMagic() {
    byte[] stream = legacyStream(sample(100, 7), true);
    stream[0] = 0;

    assertThatThrownBy(() -> decode(stream))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an LZ4 legacy stream");
  }

  @Test
  void refusesAnEmptyInput() {
    assertThatThrownBy(() -> decode(new byte[0])).isInstanceOf(IOException.class);
  }

  @Test
  void refusesAMatchThatReachesBeforeTheOutput() {
    // One literal 'a', then a match at offset 2, one byte before the start of the output.
    byte[] block = {0x10, 'a', 0x02, 0x00, 0x00};

    assertThatThrownBy(() -> decode(streamOfOneBlock(block)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("match outside the window");
  }

  @Test
  void refusesABlockThatEndsInsideASequence() {
    // Says 15+ literals follow, then the block ends.
    byte[] block = {(byte) 0xf0, (byte) 0xff};

    assertThatThrownBy(() -> decode(streamOfOneBlock(block))).isInstanceOf(IOException.class);
  }

  @Test
  void refusesLiteralsPastTheEndOfTheBlock() {
    byte[] block = {0x50, 'a', 'b'};

    assertThatThrownBy(() -> decode(streamOfOneBlock(block)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("literals run past the end");
  }

  @Test
  void refusesABlockThatDecodesToMoreThanEightMebibytes() {
    // One literal, then a match of 9 MiB at offset 1.
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.writeBytes(new byte[] {0x1f, 'a', 0x01, 0x00});
    int remaining = (9 << 20) - 4 - 15;
    for (; remaining >= 255; remaining -= 255) {
      block.write(0xff);
    }
    block.write(remaining);

    assertThatThrownBy(() -> decode(streamOfOneBlock(block.toByteArray())))
        .isInstanceOf(IOException.class);
  }

  @Test
  void failsOnlyWithIoExceptionsOnCorruptBlocks() {
    byte[] data = sample(20_000, 8);
    byte[] stream = legacyStream(data, true);
    Random random = new Random(9);
    for (int trial = 0; trial < 200; trial++) {
      byte[] corrupt = stream.clone();
      for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
        int at = 8 + random.nextInt(corrupt.length - 12);
        corrupt[at] = (byte) random.nextInt(256);
      }

      Throwable thrown = catchThrowable(() -> decode(corrupt));

      if (thrown != null) {
        assertThat(thrown).as("trial %d", trial).isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void refusesALengthThatOverflowsAnInt() {
    // Literal length 15 + 255 * 8421505 > Integer.MAX_VALUE.
    byte[] block = new byte[1 + 8_421_505 + 1];
    block[0] = (byte) 0xf0;
    Arrays.fill(block, 1, block.length - 1, (byte) 0xff);

    Throwable thrown = catchThrowable(() -> decode(streamOfOneBlock(block)));

    assertThat(thrown).isInstanceOf(IOException.class);
  }
}
