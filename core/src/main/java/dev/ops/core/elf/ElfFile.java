package dev.ops.core.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What ops needs to know about one 64-bit little-endian x86-64 ELF file: its kind, its loader, the
 * libraries it needs and where it says to find them, and its named sections.
 *
 * <p>{@link #read} parses the ELF header, the program headers and the dynamic segment at once;
 * section headers are read only by {@link #sections} and {@link #sectionContents}, because programs
 * need not have valid ones. Every offset and size the file claims is checked against the file's
 * size and a fixed limit before it is used, so damaged or hostile files end in an {@link
 * ElfFormatException} and nothing else.
 */
public final class ElfFile {
  /** The kernel refuses longer {@code PT_INTERP} paths, so a real program never has one. */
  private static final int MAX_INTERPRETER_LENGTH = 4096;

  private final Path path;
  private final ElfHeader header;
  private final String interpreter;
  private final boolean hasDynamicSegment;
  private final DynamicSection dynamic;

  private ElfFile(
      Path path,
      ElfHeader header,
      String interpreter,
      boolean hasDynamicSegment,
      DynamicSection dynamic) {
    this.path = path;
    this.header = header;
    this.interpreter = interpreter;
    this.hasDynamicSegment = hasDynamicSegment;
    this.dynamic = dynamic;
  }

  /**
   * Reads the file at {@code path}.
   *
   * @throws NotAnElfFileException when it is not an ELF file; the message says what it is
   * @throws WrongArchitectureException when it is an ELF file for another architecture
   * @throws ElfFormatException when it is damaged
   * @throws IOException when it cannot be read at all
   */
  public static ElfFile read(Path path) throws IOException {
    try (ElfInput input = ElfInput.open(path)) {
      ElfHeader header = ElfHeader.read(input);
      List<ProgramHeader> segments = ProgramHeader.readAll(input, header);
      String interpreter = readInterpreter(input, segments);
      boolean hasDynamicSegment = ProgramHeader.first(segments, ProgramHeader.DYNAMIC).isPresent();
      DynamicSection dynamic = DynamicSection.read(input, segments);
      return new ElfFile(path, header, interpreter, hasDynamicSegment, dynamic);
    }
  }

  /** The file this was read from. */
  public Path path() {
    return path;
  }

  public ElfType type() {
    return header.type();
  }

  /** Always {@link ElfMachine#X86_64}: {@link #read} rejects every other machine. */
  public ElfMachine machine() {
    return ElfMachine.X86_64;
  }

  /** The dynamic loader named by {@code PT_INTERP}, such as "/lib64/ld-linux-x86-64.so.2". */
  public Optional<String> interpreter() {
    return Optional.ofNullable(interpreter);
  }

  /** The {@code DT_NEEDED} library names, in the order the loader loads them. */
  public List<String> neededLibraries() {
    return dynamic.needed();
  }

  /** The {@code DT_RPATH} directories, unexpanded ("$ORIGIN/../lib" stays as it is). */
  public List<String> rpath() {
    return splitSearchPath(dynamic.rpath());
  }

  /** The {@code DT_RUNPATH} directories, unexpanded. */
  public List<String> runpath() {
    return splitSearchPath(dynamic.runpath());
  }

  /**
   * Whether the file has a {@code DT_RUNPATH}, even an empty one: its presence alone makes the
   * loader ignore {@code DT_RPATH}.
   */
  public boolean hasRunpath() {
    return dynamic.runpath() != null;
  }

  /** The {@code DT_SONAME}: the name other objects use to ask for this library. */
  public Optional<String> soname() {
    return Optional.ofNullable(dynamic.soname());
  }

  public Linkage linkage() {
    if (header.type() == ElfType.RELOCATABLE) {
      return Linkage.RELOCATABLE;
    }
    if (interpreter != null) {
      return Linkage.DYNAMIC;
    }
    if (header.type() == ElfType.EXECUTABLE) {
      return Linkage.STATIC;
    }
    boolean selfRelocating = dynamic.isPositionIndependentExecutable() || !hasDynamicSegment;
    return selfRelocating ? Linkage.STATIC_PIE : Linkage.SHARED_LIBRARY;
  }

  /** Whether the kernel runs it without any loader or library: static or static-pie. */
  public boolean isStatic() {
    return linkage() == Linkage.STATIC || linkage() == Linkage.STATIC_PIE;
  }

  /**
   * The section headers, read from the file now; empty when the file has none (stripped programs
   * may lack them).
   */
  public List<ElfSection> sections() throws IOException {
    try (ElfInput input = ElfInput.open(path)) {
      return SectionTable.read(input, ElfHeader.read(input));
    }
  }

  /**
   * The bytes of the first section called {@code name}, such as ".modinfo", read from the file now;
   * empty when there is no such section. Sections without file contents (like ".bss") give an empty
   * array.
   */
  public Optional<byte[]> sectionContents(String name) throws IOException {
    try (ElfInput input = ElfInput.open(path)) {
      List<ElfSection> sections = SectionTable.read(input, ElfHeader.read(input));
      Optional<ElfSection> section =
          sections.stream().filter(candidate -> candidate.name().equals(name)).findFirst();
      if (section.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(contentsOf(input, section.get()));
    }
  }

  @Override
  public String toString() {
    return "ElfFile[" + path + ", " + header.type() + ", " + linkage() + "]";
  }

  private static byte[] contentsOf(ElfInput input, ElfSection section) throws IOException {
    if (!section.hasContents()) {
      return new byte[0];
    }
    return input.readBytes(section.offset(), section.size(), "section " + section.name());
  }

  private static String readInterpreter(ElfInput input, List<ProgramHeader> segments)
      throws IOException {
    Optional<ProgramHeader> segment = ProgramHeader.first(segments, ProgramHeader.INTERPRETER);
    if (segment.isEmpty()) {
      return null;
    }
    long length = segment.get().fileSize();
    if (length < 2 || length > MAX_INTERPRETER_LENGTH) {
      throw input.invalid(
          "PT_INTERP is " + Long.toUnsignedString(length) + " bytes; a loader path has 2 to 4096");
    }
    byte[] bytes = input.readBytes(segment.get().offset(), length, "the PT_INTERP path");
    if (bytes[bytes.length - 1] != 0) {
      throw input.invalid("the PT_INTERP path does not end with a NUL byte");
    }
    return nulTerminated(bytes);
  }

  /** Like the kernel, which passes the path to open(), everything after the first NUL is unused. */
  private static String nulTerminated(byte[] bytes) {
    int end = 0;
    while (bytes[end] != 0) {
      end++;
    }
    return new String(Arrays.copyOf(bytes, end), StandardCharsets.UTF_8);
  }

  /** Splits a colon-separated search path; empty elements are kept for the resolver to judge. */
  private static List<String> splitSearchPath(String searchPath) {
    if (searchPath == null) {
      return List.of();
    }
    return List.of(searchPath.split(":", -1));
  }
}
