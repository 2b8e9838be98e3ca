package dev.ops.core.elf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF64 files byte by byte, so tests control every field: sysroots full of fake
 * libraries, and damaged files that no compiler would write.
 *
 * <p>Layout: header, program headers (PT_LOAD over the whole file, then PT_INTERP and PT_DYNAMIC
 * when present), the interpreter path, the dynamic entries, and last the dynamic string table, so
 * that an unterminated last string runs into the end of the file.
 */
final class SyntheticElf {
  static final long BASE_ADDRESS = 0x400000;

  /** Offsets of header fields, for tests that damage them. */
  static final int PROGRAM_HEADER_OFFSET_FIELD = 32;

  static final int SECTION_HEADER_OFFSET_FIELD = 40;
  static final int PROGRAM_HEADER_COUNT_FIELD = 56;
  static final int FIRST_PROGRAM_HEADER = 64;
  static final int PROGRAM_HEADER_SIZE = 56;

  private int type = 3;
  private int machine = 62;
  private int elfClass = 2;
  private int byteOrder = 1;
  private String interpreter;
  private boolean dynamic = true;
  private final List<String> needed = new ArrayList<>();
  private String soname;
  private String rpath;
  private String runpath;
  private long flags1;
  private Long stringTableAddress;
  private boolean unterminatedLastString;

  private SyntheticElf() {}

  /** An ET_DYN library with a DT_SONAME. */
  static SyntheticElf library(String soname) {
    SyntheticElf elf = new SyntheticElf();
    elf.soname = soname;
    return elf;
  }

  /** A position-independent program with a loader. */
  static SyntheticElf program(String interpreter) {
    SyntheticElf elf = new SyntheticElf();
    elf.interpreter = interpreter;
    elf.flags1 = 0x08000000L;
    return elf;
  }

  /** An ET_EXEC program without loader nor dynamic segment. */
  static SyntheticElf staticProgram() {
    SyntheticElf elf = new SyntheticElf();
    elf.type = 2;
    elf.dynamic = false;
    return elf;
  }

  SyntheticElf needs(String... names) {
    needed.addAll(List.of(names));
    return this;
  }

  SyntheticElf rpath(String value) {
    rpath = value;
    return this;
  }

  SyntheticElf runpath(String value) {
    runpath = value;
    return this;
  }

  SyntheticElf type(int value) {
    type = value;
    return this;
  }

  SyntheticElf machine(int value) {
    machine = value;
    return this;
  }

  SyntheticElf thirtyTwoBit() {
    elfClass = 1;
    return this;
  }

  SyntheticElf bigEndian() {
    byteOrder = 2;
    return this;
  }

  SyntheticElf stringTableAddress(long address) {
    stringTableAddress = address;
    return this;
  }

  /** The last string loses its NUL and DT_STRSZ is left out, so it runs to the end of file. */
  SyntheticElf unterminatedLastString() {
    unterminatedLastString = true;
    return this;
  }

  Path writeTo(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, build());
    return file;
  }

  byte[] build() {
    StringTable strings = new StringTable();
    List<long[]> entries = dynamicEntries(strings);
    byte[] interpreterBytes = interpreterBytes();
    byte[] stringBytes = strings.bytes(unterminatedLastString);

    int headerCount = 1 + (interpreter != null ? 1 : 0) + (dynamic ? 1 : 0);
    int interpreterOffset = FIRST_PROGRAM_HEADER + headerCount * PROGRAM_HEADER_SIZE;
    int dynamicOffset = interpreterOffset + interpreterBytes.length;
    int dynamicSize = dynamic ? (entries.size() + 2) * 16 : 0;
    int stringsOffset = dynamicOffset + dynamicSize;
    int size = stringsOffset + (dynamic ? stringBytes.length : 0);

    ByteBuffer file = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    writeHeader(file, headerCount);
    file.position(FIRST_PROGRAM_HEADER);
    writeProgramHeader(file, 1, 0, size);
    if (interpreter != null) {
      writeProgramHeader(file, 3, interpreterOffset, interpreterBytes.length);
    }
    if (dynamic) {
      writeProgramHeader(file, 2, dynamicOffset, dynamicSize);
    }
    file.position(interpreterOffset).put(interpreterBytes);
    if (dynamic) {
      writeDynamic(file, dynamicOffset, entries, stringsOffset, stringBytes.length);
      file.position(stringsOffset).put(stringBytes);
    }
    return file.array();
  }

  private List<long[]> dynamicEntries(StringTable strings) {
    List<long[]> entries = new ArrayList<>();
    for (String name : needed) {
      entries.add(new long[] {1, strings.add(name)});
    }
    addString(entries, strings, 14, soname);
    addString(entries, strings, 15, rpath);
    addString(entries, strings, 29, runpath);
    if (flags1 != 0) {
      entries.add(new long[] {0x6ffffffbL, flags1});
    }
    return entries;
  }

  private static void addString(List<long[]> entries, StringTable strings, long tag, String s) {
    if (s != null) {
      entries.add(new long[] {tag, strings.add(s)});
    }
  }

  private byte[] interpreterBytes() {
    if (interpreter == null) {
      return new byte[0];
    }
    return (interpreter + "\0").getBytes(StandardCharsets.UTF_8);
  }

  private void writeHeader(ByteBuffer file, int headerCount) {
    file.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) byteOrder, 1, 0});
    file.putShort(16, (short) type);
    ByteOrder machineOrder = byteOrder == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    file.order(machineOrder).putShort(18, (short) machine).order(ByteOrder.LITTLE_ENDIAN);
    file.putInt(20, 1);
    file.putLong(PROGRAM_HEADER_OFFSET_FIELD, FIRST_PROGRAM_HEADER);
    file.putShort(52, (short) 64);
    file.putShort(54, (short) PROGRAM_HEADER_SIZE);
    file.putShort(PROGRAM_HEADER_COUNT_FIELD, (short) headerCount);
    file.putShort(58, (short) 64);
  }

  private static void writeProgramHeader(ByteBuffer file, int type, long offset, long size) {
    int start = file.position();
    file.putInt(start, type);
    file.putLong(start + 8, offset);
    file.putLong(start + 16, BASE_ADDRESS + offset);
    file.putLong(start + 24, BASE_ADDRESS + offset);
    file.putLong(start + 32, size);
    file.putLong(start + 40, size);
    file.position(start + PROGRAM_HEADER_SIZE);
  }

  private void writeDynamic(
      ByteBuffer file, int offset, List<long[]> entries, int stringsOffset, int stringsSize) {
    file.position(offset);
    for (long[] entry : entries) {
      file.putLong(entry[0]).putLong(entry[1]);
    }
    long address = stringTableAddress != null ? stringTableAddress : BASE_ADDRESS + stringsOffset;
    file.putLong(5).putLong(address);
    if (unterminatedLastString) {
      file.putLong(0).putLong(0);
    } else {
      file.putLong(10).putLong(stringsSize);
    }
  }

  /** Strings with a leading NUL, as linkers write them; offset 0 is the empty string. */
  private static final class StringTable {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StringTable() {
      bytes.write(0);
    }

    long add(String value) {
      long offset = bytes.size();
      bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
      bytes.write(0);
      return offset;
    }

    byte[] bytes(boolean dropLastNul) {
      byte[] all = bytes.toByteArray();
      return dropLastNul ? java.util.Arrays.copyOf(all, all.length - 1) : all;
    }
  }
}
