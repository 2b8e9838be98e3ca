package dev.ops.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One ELF64 program header: a segment, as the kernel and the dynamic loader see the file. */
record ProgramHeader(int type, long offset, long virtualAddress, long fileSize) {
  static final int LOAD = 1;
  static final int DYNAMIC = 2;
  static final int INTERPRETER = 3;

  static List<ProgramHeader> readAll(ElfInput input, ElfHeader header) throws IOException {
    int count = header.programHeaderCount();
    long tableSize = (long) count * ElfHeader.PROGRAM_HEADER_SIZE;
    ByteBuffer table = input.read(header.programHeaderOffset(), tableSize, "program header table");
    List<ProgramHeader> headers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      headers.add(parse(table, i * ElfHeader.PROGRAM_HEADER_SIZE));
    }
    return List.copyOf(headers);
  }

  /** The first header of {@code type}: the kernel and the loader also use the first one. */
  static Optional<ProgramHeader> first(List<ProgramHeader> headers, int type) {
    return headers.stream().filter(header -> header.type() == type).findFirst();
  }

  /**
   * Whether {@code address} lies in the part of this segment that is stored in the file.
   *
   * <p>Addresses are unsigned 64-bit numbers, hence the unsigned comparisons.
   */
  boolean storesAddress(long address) {
    return type == LOAD
        && Long.compareUnsigned(address, virtualAddress) >= 0
        && Long.compareUnsigned(address - virtualAddress, fileSize) < 0;
  }

  /** The file offset of an address for which {@link #storesAddress} holds. */
  long fileOffsetOf(long address) {
    return offset + (address - virtualAddress);
  }

  private static ProgramHeader parse(ByteBuffer table, int start) {
    return new ProgramHeader(
        table.getInt(start),
        table.getLong(start + 8),
        table.getLong(start + 16),
        table.getLong(start + 32));
  }
}
