package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of a real program must be read or rejected with an ElfFormatException, never with
 * another exception, a hang, or an attempt to allocate what a field claims.
 */
class ElfFileFuzzTest {
  private static final int COPIES = 3000;
  private static final long SEED = 20260101L;

  /** Values that tend to break size and offset arithmetic. */
  private static final long[] NASTY_VALUES = {
    0, 1, -1, -16, 0x7fff_ffffL, 0xffff_ffffL, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 4096
  };

  @TempDir static Path work;

  private static byte[] original;
  private static int[] interestingOffsets;

  @BeforeAll
  static void compileSmallProgram() throws Exception {
    Gcc.assumeAvailable();
    Path program =
        Gcc.compile(
            work.resolve("small"),
            "#include <stdio.h>\nint main(void) { puts(\"hi\"); }\n",
            "-Os",
            "-Wl,-rpath,$ORIGIN/../lib",
            "-Wl,-soname,libsmall.so.1");
    original = Files.readAllBytes(program);
    interestingOffsets = headerAndDynamicOffsets(original);
  }

  @Test
  void survivesThousandsOfMutatedCopiesOfRealProgram() {
    Path copy = work.resolve("mutant");
    Random random = new Random(SEED);

    int[] outcomes =
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> readMutants(copy, random));

    assertThat(outcomes[0] + outcomes[1]).isEqualTo(COPIES);
    assertThat(outcomes[0]).as("some mutants are still readable").isPositive();
    assertThat(outcomes[1]).as("some mutants are rejected").isPositive();
  }

  /** Returns how many mutants were read and how many rejected. */
  private static int[] readMutants(Path copy, Random random) throws IOException {
    int[] outcomes = new int[2];
    for (int i = 0; i < COPIES; i++) {
      Files.write(copy, mutate(original, random));
      try {
        exercise(ElfFile.read(copy));
        outcomes[0]++;
      } catch (ElfFormatException expected) {
        outcomes[1]++;
      } catch (RuntimeException | Error | IOException unexpected) {
        throw new AssertionError(
            "mutant " + i + " (seed " + SEED + ") broke the reader", unexpected);
      }
    }
    return outcomes;
  }

  private static void exercise(ElfFile elf) throws IOException {
    elf.linkage();
    elf.rpath();
    elf.runpath();
    elf.sections();
    elf.sectionContents(".dynstr");
  }

  private static byte[] mutate(byte[] bytes, Random random) {
    byte[] mutant = bytes.clone();
    switch (random.nextInt(4)) {
      case 0:
        flipRandomBytes(mutant, random, 0, mutant.length);
        return mutant;
      case 1:
        flipRandomBytes(mutant, random, 0, Math.min(512, mutant.length));
        return mutant;
      case 2:
        plantNastyValue(mutant, random);
        return mutant;
      default:
        return Arrays.copyOf(mutant, random.nextInt(mutant.length));
    }
  }

  private static void flipRandomBytes(byte[] mutant, Random random, int from, int to) {
    int count = 1 + random.nextInt(8);
    for (int i = 0; i < count; i++) {
      mutant[from + random.nextInt(to - from)] = (byte) random.nextInt(256);
    }
  }

  /** Puts a value that breaks arithmetic into a header, program header or dynamic entry. */
  private static void plantNastyValue(byte[] mutant, Random random) {
    int offset = interestingOffsets[random.nextInt(interestingOffsets.length)];
    long value = NASTY_VALUES[random.nextInt(NASTY_VALUES.length)];
    ByteBuffer buffer = ByteBuffer.wrap(mutant).order(ByteOrder.LITTLE_ENDIAN);
    if (random.nextBoolean() && offset + 8 <= mutant.length) {
      buffer.putLong(offset, value);
    } else if (offset + 2 <= mutant.length) {
      buffer.putShort(offset, (short) value);
    }
  }

  /**
   * Every 2-byte-aligned offset in the ELF header, the program headers, the dynamic segment and the
   * section headers: where a wrong value changes what the reader reads next.
   */
  private static int[] headerAndDynamicOffsets(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int programHeaders = (int) buffer.getLong(32);
    int count = buffer.getShort(56);
    int dynamicStart = 0;
    int dynamicEnd = 0;
    for (int i = 0; i < count; i++) {
      int header = programHeaders + i * 56;
      if (buffer.getInt(header) == 2) {
        dynamicStart = (int) buffer.getLong(header + 8);
        dynamicEnd = dynamicStart + (int) buffer.getLong(header + 32);
      }
    }
    int headersEnd = programHeaders + count * 56;
    int sectionsStart = (int) buffer.getLong(40);
    int sectionsEnd = sectionsStart + buffer.getShort(60) * 64;
    return IntStream.concat(
            IntStream.concat(evenOffsets(0, headersEnd), evenOffsets(dynamicStart, dynamicEnd)),
            evenOffsets(sectionsStart, sectionsEnd))
        .toArray();
  }

  private static IntStream evenOffsets(int from, int to) {
    return IntStream.range(from / 2, to / 2).map(i -> i * 2);
  }
}
