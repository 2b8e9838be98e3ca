package dev.ops.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Reads the section header table and names each section through the section name table ({@code
 * .shstrtab}).
 *
 * <p>Programs run fine without section headers (the kernel and the loader never look at them), so
 * {@link ElfFile} reads them only when asked.
 */
final class SectionTable {
  private static final int HEADER_SIZE = 64;

  /** More than any compiler emits even with one section per function, far below memory limits. */
  private static final long MAX_SECTIONS = 256 * 1024;

  private static final int EXTENDED_INDEX = 0xffff;

  private static final int MAX_NAME_LENGTH = 4096;

  private SectionTable() {}

  static List<ElfSection> read(ElfInput input, ElfHeader header) throws IOException {
    if (header.sectionHeaderOffset() == 0) {
      return List.of();
    }
    if (header.sectionHeaderSize() != HEADER_SIZE) {
      throw input.invalid("section headers are " + header.sectionHeaderSize() + " bytes, not 64");
    }
    ByteBuffer first = readHeaders(input, header.sectionHeaderOffset(), 1);
    long count = sectionCount(header, first);
    if (count == 0) {
      return List.of();
    }
    ByteBuffer table = readHeaders(input, header.sectionHeaderOffset(), count);
    byte[] names = readNameTable(input, table, nameTableIndex(input, header, first, count));
    return parseAll(input, table, (int) count, names);
  }

  /** Files with 0xff00 sections or more store the count in the first header's size field. */
  private static long sectionCount(ElfHeader header, ByteBuffer first) {
    return header.sectionHeaderCount() != 0 ? header.sectionHeaderCount() : first.getLong(32);
  }

  /** Returns -1 when the file has no name table; its sections are then nameless. */
  private static int nameTableIndex(ElfInput input, ElfHeader header, ByteBuffer first, long count)
      throws ElfFormatException {
    long index = header.sectionNameTableIndex();
    if (index == EXTENDED_INDEX) {
      index = Integer.toUnsignedLong(first.getInt(40));
    }
    if (index == 0) {
      return -1;
    }
    if (index >= count) {
      throw input.invalid("the section name table is section " + index + " of only " + count);
    }
    return (int) index;
  }

  private static ByteBuffer readHeaders(ElfInput input, long offset, long count)
      throws IOException {
    if (count < 0 || count > MAX_SECTIONS) {
      throw input.invalid(
          "the file claims "
              + Long.toUnsignedString(count)
              + " sections; the limit is "
              + MAX_SECTIONS);
    }
    return input.read(offset, count * HEADER_SIZE, "the section header table");
  }

  private static byte[] readNameTable(ElfInput input, ByteBuffer table, int index)
      throws IOException {
    if (index < 0) {
      return new byte[0];
    }
    ElfSection names = parse(table, index, "");
    if (!names.hasContents()) {
      throw input.invalid("the section name table has no contents in the file");
    }
    return input.readBytes(names.offset(), names.size(), "the section name table");
  }

  private static List<ElfSection> parseAll(
      ElfInput input, ByteBuffer table, int count, byte[] names) throws ElfFormatException {
    long[] nameOffsets = new long[count];
    for (int i = 0; i < count; i++) {
      nameOffsets[i] = Integer.toUnsignedLong(table.getInt(i * HEADER_SIZE));
    }
    Map<Long, String> nameByOffset = decodeNames(input, names, nameOffsets);
    List<ElfSection> sections = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      sections.add(parse(table, i, nameByOffset.getOrDefault(nameOffsets[i], "")));
    }
    return List.copyOf(sections);
  }

  private static ElfSection parse(ByteBuffer table, int index, String name) {
    int start = index * HEADER_SIZE;
    return new ElfSection(
        name, table.getInt(start + 4), table.getLong(start + 24), table.getLong(start + 32));
  }

  /**
   * Decodes the names at {@code offsets} in one forward sweep over the name table.
   *
   * <p>Looking for each name's NUL separately would let a hostile file with many sections pointing
   * into one long unterminated run cost time proportional to sections times run length; sorted
   * offsets never need to look back, so the sweep costs one pass.
   */
  private static Map<Long, String> decodeNames(ElfInput input, byte[] names, long[] offsets)
      throws ElfFormatException {
    Map<Long, String> nameByOffset = new HashMap<>();
    if (names.length == 0) {
      return nameByOffset;
    }
    long[] sorted = LongStream.of(offsets).sorted().distinct().toArray();
    int scan = 0;
    for (long offset : sorted) {
      if (offset >= names.length) {
        throw input.invalid(
            "a section name starts at offset "
                + offset
                + ", past the name table's "
                + names.length
                + " bytes");
      }
      scan = Math.max(scan, (int) offset);
      while (scan < names.length && names[scan] != 0) {
        scan++;
      }
      nameByOffset.put(offset, decodeName(input, names, (int) offset, scan));
    }
    return nameByOffset;
  }

  private static String decodeName(ElfInput input, byte[] names, int start, int end)
      throws ElfFormatException {
    if (end == names.length) {
      throw input.invalid("the section name at offset " + start + " has no terminating NUL");
    }
    if (end - start > MAX_NAME_LENGTH) {
      throw input.invalid("the section name at offset " + start + " is over 4096 bytes long");
    }
    return new String(names, start, end - start, StandardCharsets.UTF_8);
  }
}
