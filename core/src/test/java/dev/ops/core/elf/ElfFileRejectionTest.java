package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not x86-64 ELF, or are damaged, must end in a clear ElfFormatException. */
class ElfFileRejectionTest {
  private static final String LOADER = "/lib64/ld-linux-x86-64.so.2";

  @TempDir Path work;

  @Test
  void rejectsEmptyFile() throws IOException {
    Path file = write("empty", new byte[0]);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessage(
            "not an ELF file: "
                + file
                + " is empty; perhaps the build that should have written"
                + " it failed");
  }

  @Test
  void rejectsThreeByteFile() throws IOException {
    Path file = write("three", new byte[] {1, 2, 3});

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageContaining("is only 3 bytes long");
  }

  @Test
  void rejectsFileCutInsideMagic() throws IOException {
    Path file = write("cut", new byte[] {0x7f, 'E', 'L'});

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .isNotInstanceOf(NotAnElfFileException.class)
        .hasMessageStartingWith("not a valid ELF file: " + file + ": the file ends after 3 bytes");
  }

  @Test
  void rejectsScriptWithAdviceToRunItsInterpreter() throws IOException {
    Path file = write("run.sh", "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageStartingWith("not an ELF file: " + file + " starts with '#!': it is a script")
        .hasMessageContaining("'/bin/sh'")
        .hasMessageContaining("run its interpreter as the program instead");
  }

  @Test
  void rejectsTextFile() throws IOException {
    Path file = write("notes.txt", "just some notes\n".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageContaining("looks like a text file");
  }

  @Test
  void rejectsCompressedFileWithAdviceToDecompress() throws IOException {
    Path file = write("module.ko.xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2});

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageContaining("is xz-compressed; decompress it first");
  }

  @Test
  void rejectsDirectory() {
    assertThatThrownBy(() -> ElfFile.read(work))
        .isInstanceOf(NotAnElfFileException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void rejects32BitElfNamingItsMachine() throws IOException {
    Path file = write("i386", SyntheticElf.library("libx.so").thirtyTwoBit().machine(3).build());

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(WrongArchitectureException.class)
        .hasMessage(
            "wrong architecture: "
                + file
                + " is a 32-bit ELF for Intel 80386;"
                + " ops runs x86-64 programs");
  }

  @Test
  void rejectsBigEndianElfNamingItsMachine() throws IOException {
    Path file = write("ppc64", SyntheticElf.library("libx.so").bigEndian().machine(21).build());

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(WrongArchitectureException.class)
        .hasMessageContaining("is a big-endian ELF for PowerPC64");
  }

  @Test
  void rejectsAarch64Elf() throws IOException {
    Path file = write("arm64", SyntheticElf.library("libx.so").machine(183).build());

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(WrongArchitectureException.class)
        .hasMessage(
            "wrong architecture: " + file + " is an ELF for AArch64; ops runs x86-64 programs");
  }

  @Test
  void rejectsTruncatedHeader() throws IOException {
    byte[] whole = SyntheticElf.program(LOADER).needs("libc.so.6").build();
    Path file = write("truncated", Arrays.copyOf(whole, 40));

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageStartingWith("not a valid ELF file: " + file + ": the header is cut short")
        .hasMessageContaining("perhaps");
  }

  @Test
  void rejectsCoreDump() throws IOException {
    Path file = write("core", SyntheticElf.staticProgram().type(4).build());

    assertThatThrownBy(() -> ElfFile.read(file)).hasMessageContaining("it is a core dump");
  }

  @Test
  void rejectsHugeProgramHeaderCount() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).build();
    littleEndian(bytes).putShort(SyntheticElf.PROGRAM_HEADER_COUNT_FIELD, (short) 0xffff);
    Path file = write("many-headers", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("program header table")
        .hasMessageContaining("runs past the end of the file");
  }

  @Test
  void rejectsProgramHeaderTableOffsetPastEnd() throws IOException {
    for (long offset : new long[] {-1L, Long.MAX_VALUE, 1L << 40, 100_000}) {
      byte[] bytes = SyntheticElf.program(LOADER).build();
      littleEndian(bytes).putLong(SyntheticElf.PROGRAM_HEADER_OFFSET_FIELD, offset);
      Path file = write("far-headers", bytes);

      assertThatThrownBy(() -> ElfFile.read(file))
          .as("e_phoff %s", Long.toUnsignedString(offset))
          .isInstanceOf(ElfFormatException.class)
          .hasMessageContaining("runs past the end of the file");
    }
  }

  @Test
  void rejectsHugeSectionHeaderOffsetOnlyWhenSectionsAreRead() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).build();
    ByteBuffer header = littleEndian(bytes);
    header.putLong(SyntheticElf.SECTION_HEADER_OFFSET_FIELD, 0x7fff_ffff_ffffL);
    header.putShort(60, (short) 30);
    Path file = write("far-sections", bytes);

    ElfFile elf = ElfFile.read(file);

    assertThat(elf.interpreter()).as("programs run without section headers").contains(LOADER);
    assertThatThrownBy(elf::sections)
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("section header table");
  }

  @Test
  void rejectsHugeExtendedSectionCount() throws IOException {
    byte[] program = SyntheticElf.program(LOADER).build();
    byte[] bytes = Arrays.copyOf(program, program.length + 64);
    ByteBuffer buffer = littleEndian(bytes);
    buffer.putLong(SyntheticElf.SECTION_HEADER_OFFSET_FIELD, program.length);
    buffer.putShort(60, (short) 0);
    buffer.putLong(program.length + 32, Long.MAX_VALUE);
    Path file = write("extended-count", bytes);

    assertThatThrownBy(() -> ElfFile.read(file).sections())
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("sections; the limit is");
  }

  @Test
  void rejectsInterpreterPastEndOfFile() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).build();
    int interpreterHeader = SyntheticElf.FIRST_PROGRAM_HEADER + SyntheticElf.PROGRAM_HEADER_SIZE;
    littleEndian(bytes).putLong(interpreterHeader + 8, bytes.length - 4);
    Path file = write("interp-past-end", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("PT_INTERP path")
        .hasMessageContaining("runs past the end of the file");
  }

  @Test
  void rejectsInterpreterWithoutNul() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).build();
    int interpreterHeader = SyntheticElf.FIRST_PROGRAM_HEADER + SyntheticElf.PROGRAM_HEADER_SIZE;
    ByteBuffer buffer = littleEndian(bytes);
    buffer.putLong(interpreterHeader + 32, buffer.getLong(interpreterHeader + 32) - 1);
    Path file = write("interp-no-nul", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("does not end with a NUL byte");
  }

  @Test
  void rejectsStringTableOutsideSegments() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).needs("libc.so.6").stringTableAddress(16).build();
    Path file = write("strtab-outside", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("DT_STRTAB address 0x10 is not inside")
        .hasMessageContaining("PT_LOAD");
  }

  @Test
  void rejectsStringWithoutTerminator() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).needs("libc.so.6").unterminatedLastString().build();
    Path file = write("unterminated", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("DT_NEEDED string")
        .hasMessageContaining("no terminating NUL");
  }

  @Test
  void rejectsNeededNameOutsideStringTable() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).needs("libc.so.6").build();
    int dynamicEntries = indexOf(bytes, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0});
    littleEndian(bytes).putLong(dynamicEntries + 8, 1L << 40);
    Path file = write("needed-outside", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("DT_NEEDED points at offset 1099511627776, outside");
  }

  @Test
  void rejectsHugeDynamicSegment() throws IOException {
    byte[] bytes = SyntheticElf.program(LOADER).needs("libc.so.6").build();
    int dynamicHeader = SyntheticElf.FIRST_PROGRAM_HEADER + 2 * SyntheticElf.PROGRAM_HEADER_SIZE;
    littleEndian(bytes).putLong(dynamicHeader + 32, -16);
    Path file = write("huge-dynamic", bytes);

    assertThatThrownBy(() -> ElfFile.read(file))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("the dynamic segment claims 18446744073709551600 bytes");
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(work.resolve(name), bytes);
  }

  private static ByteBuffer littleEndian(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("pattern not found");
  }
}
