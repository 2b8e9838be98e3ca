package dev.ops.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads from {@code PT_DYNAMIC}: the libraries an object needs, where to
 * look for them, and its own name.
 *
 * @param needed {@code DT_NEEDED} names, in file order
 * @param rpath {@code DT_RPATH}, a colon-separated list, or null
 * @param runpath {@code DT_RUNPATH}, a colon-separated list, or null
 * @param soname {@code DT_SONAME}, or null
 * @param flags1 {@code DT_FLAGS_1}, zero when absent
 */
record DynamicSection(
    List<String> needed, String rpath, String runpath, String soname, long flags1) {

  static final long PIE_FLAG = 0x08000000L;

  static final DynamicSection NONE = new DynamicSection(List.of(), null, null, null, 0);

  /** Real dynamic sections have tens of entries; this leaves room for any honest one. */
  private static final long MAX_SIZE = 1024 * 1024;

  private static final int ENTRY_SIZE = 16;
  private static final long TAG_END = 0;
  private static final long TAG_NEEDED = 1;
  private static final long TAG_STRING_TABLE = 5;
  private static final long TAG_STRING_TABLE_SIZE = 10;
  private static final long TAG_SONAME = 14;
  private static final long TAG_RPATH = 15;
  private static final long TAG_RUNPATH = 29;
  private static final long TAG_FLAGS_1 = 0x6ffffffbL;

  static DynamicSection read(ElfInput input, List<ProgramHeader> segments) throws IOException {
    Optional<ProgramHeader> dynamic = ProgramHeader.first(segments, ProgramHeader.DYNAMIC);
    if (dynamic.isEmpty()) {
      return NONE;
    }
    RawEntries entries = readEntries(input, dynamic.get());
    if (!entries.refersToStrings()) {
      return new DynamicSection(List.of(), null, null, null, entries.flags1);
    }
    StringTable strings = StringTable.locate(input, segments, entries.strtab, entries.strsz);
    return resolveStrings(entries, strings);
  }

  boolean isPositionIndependentExecutable() {
    return (flags1 & PIE_FLAG) != 0;
  }

  private static RawEntries readEntries(ElfInput input, ProgramHeader dynamic) throws IOException {
    if (Long.compareUnsigned(dynamic.fileSize(), MAX_SIZE) > 0) {
      throw input.invalid(
          "the dynamic segment claims "
              + Long.toUnsignedString(dynamic.fileSize())
              + " bytes; real ones are far below the limit of "
              + MAX_SIZE);
    }
    long usableSize = dynamic.fileSize() - dynamic.fileSize() % ENTRY_SIZE;
    ByteBuffer table = input.read(dynamic.offset(), usableSize, "the dynamic segment");
    RawEntries entries = new RawEntries();
    for (int start = 0; start < usableSize; start += ENTRY_SIZE) {
      long tag = table.getLong(start);
      if (tag == TAG_END) {
        break;
      }
      entries.add(tag, table.getLong(start + 8));
    }
    return entries;
  }

  private static DynamicSection resolveStrings(RawEntries entries, StringTable strings)
      throws IOException {
    List<String> needed = new ArrayList<>(entries.needed.size());
    for (long offset : entries.needed) {
      needed.add(strings.stringAt(offset, "DT_NEEDED"));
    }
    return new DynamicSection(
        List.copyOf(needed),
        strings.optionalStringAt(entries.rpath, "DT_RPATH"),
        strings.optionalStringAt(entries.runpath, "DT_RUNPATH"),
        strings.optionalStringAt(entries.soname, "DT_SONAME"),
        entries.flags1);
  }

  /** The entries as found, before their string offsets are looked up. */
  private static final class RawEntries {
    final List<Long> needed = new ArrayList<>();
    Long rpath;
    Long runpath;
    Long soname;
    Long strtab;
    Long strsz;
    long flags1;

    void add(long tag, long value) {
      if (tag == TAG_NEEDED) {
        needed.add(value);
      } else if (tag == TAG_RPATH) {
        rpath = value;
      } else if (tag == TAG_RUNPATH) {
        runpath = value;
      } else if (tag == TAG_SONAME) {
        soname = value;
      } else if (tag == TAG_STRING_TABLE) {
        strtab = value;
      } else if (tag == TAG_STRING_TABLE_SIZE) {
        strsz = value;
      } else if (tag == TAG_FLAGS_1) {
        flags1 = value;
      }
    }

    boolean refersToStrings() {
      return !needed.isEmpty() || rpath != null || runpath != null || soname != null;
    }
  }
}
