package dev.ops.core.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fields of an ELF64 header that locate everything else in the file.
 *
 * <p>{@link #read} accepts only 64-bit little-endian x86-64 files, and tells apart a file that is
 * not ELF, an ELF for another machine, and a damaged ELF.
 */
record ElfHeader(
    ElfType type,
    long programHeaderOffset,
    int programHeaderCount,
    long sectionHeaderOffset,
    int sectionHeaderSize,
    int sectionHeaderCount,
    int sectionNameTableIndex) {

  static final int SIZE = 64;
  static final int PROGRAM_HEADER_SIZE = 56;

  private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final int CLASS_32 = 1;
  private static final int CLASS_64 = 2;
  private static final int LITTLE_ENDIAN = 1;
  private static final int BIG_ENDIAN = 2;
  private static final int MACHINE_OFFSET = 18;

  static ElfHeader read(ElfInput input) throws IOException {
    byte[] prefix = input.readPrefix(SIZE);
    checkMagic(input, prefix);
    checkArchitecture(input, prefix);
    if (prefix.length < SIZE) {
      throw input.invalid("the header is cut short at " + prefix.length + " of 64 bytes");
    }
    return parse(input, ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN));
  }

  private static void checkMagic(ElfInput input, byte[] prefix) throws ElfFormatException {
    int compared = Math.min(prefix.length, MAGIC.length);
    boolean magicSoFar = compared > 0 && Arrays.equals(prefix, 0, compared, MAGIC, 0, compared);
    if (!magicSoFar) {
      throw new NotAnElfFileException(
          input.path(), NonElfDescription.describe(prefix, input.size()));
    }
    if (prefix.length <= MAGIC.length + 1) {
      throw input.invalid("the file ends after " + prefix.length + " bytes, inside the header");
    }
  }

  private static void checkArchitecture(ElfInput input, byte[] prefix) throws IOException {
    int elfClass = prefix[4];
    int byteOrder = prefix[5];
    if (elfClass != CLASS_32 && elfClass != CLASS_64) {
      throw input.invalid("unknown ELF class " + elfClass + " (1 is 32-bit, 2 is 64-bit)");
    }
    if (byteOrder != LITTLE_ENDIAN && byteOrder != BIG_ENDIAN) {
      throw input.invalid("unknown byte order " + byteOrder + " (1 is little, 2 is big-endian)");
    }
    ElfMachine machine = machineOf(prefix, byteOrder);
    if (elfClass == CLASS_32) {
      throw wrongArchitecture(input, "a 32-bit ELF", machine);
    }
    if (byteOrder == BIG_ENDIAN) {
      throw wrongArchitecture(input, "a big-endian ELF", machine);
    }
    if (machine != null && !machine.equals(ElfMachine.X86_64)) {
      throw wrongArchitecture(input, "an ELF", machine);
    }
  }

  /** The machine, or null when the file ends before the field. */
  private static ElfMachine machineOf(byte[] prefix, int byteOrder) {
    if (prefix.length < MACHINE_OFFSET + 2) {
      return null;
    }
    ByteOrder order = byteOrder == LITTLE_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    ByteBuffer buffer = ByteBuffer.wrap(prefix).order(order);
    return new ElfMachine(Short.toUnsignedInt(buffer.getShort(MACHINE_OFFSET)));
  }

  private static WrongArchitectureException wrongArchitecture(
      ElfInput input, String kind, ElfMachine machine) {
    String forMachine = machine == null ? "" : " for " + machine.displayName();
    return new WrongArchitectureException(input.path(), kind + forMachine);
  }

  private static ElfHeader parse(ElfInput input, ByteBuffer header) throws ElfFormatException {
    if (header.get(6) != 1) {
      throw input.invalid("unknown ELF version " + header.get(6) + " in the identification");
    }
    ElfType type = typeOf(input, Short.toUnsignedInt(header.getShort(16)));
    long programHeaderOffset = header.getLong(32);
    long sectionHeaderOffset = header.getLong(40);
    int programHeaderSize = Short.toUnsignedInt(header.getShort(54));
    int programHeaderCount = Short.toUnsignedInt(header.getShort(56));
    if (programHeaderCount > 0 && programHeaderSize != PROGRAM_HEADER_SIZE) {
      throw input.invalid("program headers are " + programHeaderSize + " bytes, not 56");
    }
    return new ElfHeader(
        type,
        programHeaderOffset,
        programHeaderCount,
        sectionHeaderOffset,
        Short.toUnsignedInt(header.getShort(58)),
        Short.toUnsignedInt(header.getShort(60)),
        Short.toUnsignedInt(header.getShort(62)));
  }

  private static ElfType typeOf(ElfInput input, int type) throws ElfFormatException {
    switch (type) {
      case 1:
        return ElfType.RELOCATABLE;
      case 2:
        return ElfType.EXECUTABLE;
      case 3:
        return ElfType.SHARED_OBJECT;
      case 4:
        throw input.invalid("it is a core dump (a crashed process's memory), not a program");
      default:
        throw input.invalid("unknown file type " + type + " in e_type");
    }
  }
}
