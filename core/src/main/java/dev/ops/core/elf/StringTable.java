package dev.ops.core.elf;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dynamic string table ({@code DT_STRTAB}), located through the segments the way the loader
 * finds it in memory, and read one string at a time.
 *
 * <p>A hostile file can point thousands of entries at one long string; strings are therefore cached
 * by offset and their total size is capped.
 */
final class StringTable {
  private static final long MAX_TOTAL_BYTES = 4 * 1024 * 1024;

  private final ElfInput input;
  private final long start;
  private final long end;
  private final Map<Long, String> stringsByOffset = new HashMap<>();
  private long totalBytes;

  private StringTable(ElfInput input, long start, long end) {
    this.input = input;
    this.start = start;
    this.end = end;
  }

  /**
   * {@code address} is {@code DT_STRTAB}, a virtual address; {@code size} is {@code DT_STRSZ}, or
   * null when absent, in which case the table may extend to the end of its segment.
   */
  static StringTable locate(ElfInput input, List<ProgramHeader> segments, Long address, Long size)
      throws IOException {
    if (address == null) {
      throw input.invalid("the dynamic segment names strings but has no DT_STRTAB");
    }
    ProgramHeader segment = segmentStoring(input, segments, address);
    long start = segment.fileOffsetOf(address);
    long segmentEnd = segment.offset() + segment.fileSize();
    long end = size == null ? segmentEnd : start + size;
    if (start < 0 || start >= input.size() || (size != null && size < 0) || end < start) {
      throw input.invalid(
          "the dynamic string table (file offset "
              + Long.toUnsignedString(start)
              + ", size "
              + (size == null ? "unknown" : Long.toUnsignedString(size))
              + ") lies outside the file");
    }
    return new StringTable(input, start, end);
  }

  String stringAt(long offset, String tag) throws IOException {
    if (offset < 0 || offset >= end - start) {
      throw input.invalid(
          tag
              + " points at offset "
              + Long.toUnsignedString(offset)
              + ", outside the dynamic string table of "
              + (end - start)
              + " bytes");
    }
    String cached = stringsByOffset.get(offset);
    return cached != null ? cached : readAndCache(offset, tag);
  }

  String optionalStringAt(Long offset, String tag) throws IOException {
    return offset == null ? null : stringAt(offset, tag);
  }

  private String readAndCache(long offset, String tag) throws IOException {
    String value = input.readString(start + offset, end, "the " + tag + " string");
    totalBytes += value.length() + 1;
    if (totalBytes > MAX_TOTAL_BYTES) {
      throw input.invalid("the dynamic strings add up to more than " + MAX_TOTAL_BYTES + " bytes");
    }
    stringsByOffset.put(offset, value);
    return value;
  }

  private static ProgramHeader segmentStoring(
      ElfInput input, List<ProgramHeader> segments, long address) throws ElfFormatException {
    Optional<ProgramHeader> segment =
        segments.stream().filter(header -> header.storesAddress(address)).findFirst();
    if (segment.isEmpty()) {
      throw input.invalid(
          "DT_STRTAB address 0x"
              + Long.toHexString(address)
              + " is not inside the file part of any PT_LOAD segment");
    }
    return segment.get();
  }
}
