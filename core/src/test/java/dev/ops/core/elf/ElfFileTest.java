package dev.ops.core.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfFileTest {
  private static final String HELLO = "#include <stdio.h>\nint main(void) { puts(\"hi\"); }\n";
  private static final Path LS = Path.of("/bin/ls");
  private static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
  private static final Path LOADER = Path.of("/lib64/ld-linux-x86-64.so.2");

  @TempDir static Path work;

  @BeforeAll
  static void requireGcc() {
    Gcc.assumeAvailable();
  }

  @Test
  void readsInterpreterOfDynamicExecutable() throws Exception {
    assumeTrue(Files.exists(LS));

    ElfFile ls = ElfFile.read(LS);

    assertThat(ls.interpreter()).contains("/lib64/ld-linux-x86-64.so.2");
    assertThat(ls.linkage()).isEqualTo(Linkage.DYNAMIC);
    assertThat(ls.isStatic()).isFalse();
    assertThat(ls.machine()).isEqualTo(ElfMachine.X86_64);
    assertThat(ls.neededLibraries()).contains("libc.so.6");
  }

  @Test
  void readsSonameAndNeedsOfSharedLibrary() throws Exception {
    assumeTrue(Files.exists(LIBC));

    ElfFile libc = ElfFile.read(LIBC);

    assertThat(libc.type()).isEqualTo(ElfType.SHARED_OBJECT);
    assertThat(libc.soname()).contains("libc.so.6");
    assertThat(libc.neededLibraries()).containsExactly("ld-linux-x86-64.so.2");
  }

  @Test
  void recognisesDynamicLoaderAsSharedLibrary() throws Exception {
    assumeTrue(Files.exists(LOADER));

    ElfFile loader = ElfFile.read(LOADER);

    assertThat(loader.linkage())
        .as("the loader has a dynamic segment but is not marked PIE")
        .isEqualTo(Linkage.SHARED_LIBRARY);
    assertThat(loader.interpreter()).isEmpty();
    assertThat(loader.soname()).contains("ld-linux-x86-64.so.2");
  }

  @Test
  void recognisesStaticExecutable() throws Exception {
    Path program = Gcc.compile(work.resolve("static"), HELLO, "-static");

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.type()).isEqualTo(ElfType.EXECUTABLE);
    assertThat(elf.linkage()).isEqualTo(Linkage.STATIC);
    assertThat(elf.isStatic()).isTrue();
    assertThat(elf.interpreter()).isEmpty();
    assertThat(elf.neededLibraries()).isEmpty();
  }

  @Test
  void recognisesStaticPie() throws Exception {
    Path program = Gcc.compile(work.resolve("static-pie"), HELLO, "-static-pie");

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.type()).isEqualTo(ElfType.SHARED_OBJECT);
    assertThat(elf.linkage()).isEqualTo(Linkage.STATIC_PIE);
    assertThat(elf.isStatic()).isTrue();
  }

  @Test
  void readsRunpathWrittenByLinker() throws Exception {
    Path program = Gcc.compile(work.resolve("with-runpath"), HELLO, "-Wl,-rpath,$ORIGIN/../lib");

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.runpath()).containsExactly("$ORIGIN/../lib");
    assertThat(elf.hasRunpath()).isTrue();
    assertThat(elf.rpath()).as("new linkers write DT_RUNPATH only").isEmpty();
  }

  @Test
  void readsRpathWrittenWithOldTags() throws Exception {
    Path program =
        Gcc.compile(
            work.resolve("with-rpath"), HELLO, "-Wl,--disable-new-dtags,-rpath,/opt/a:/opt/b");

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.rpath()).containsExactly("/opt/a", "/opt/b");
    assertThat(elf.hasRunpath()).isFalse();
  }

  @Test
  void readsNeededLibrariesInLinkOrder() throws Exception {
    Path libraries = work.resolve("order");
    Gcc.compile(libraries.resolve("libone.so"), "int one(void) { return 1; }\n", "-shared");
    Gcc.compile(libraries.resolve("libtwo.so"), "int two(void) { return 2; }\n", "-shared");
    Path program =
        Gcc.compile(
            libraries.resolve("program"),
            HELLO,
            "-Wl,--no-as-needed",
            "-L" + libraries,
            "-ltwo",
            "-lone");

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.neededLibraries()).containsExactly("libtwo.so", "libone.so", "libc.so.6");
  }

  @Test
  void readsSectionsOfProgram() throws Exception {
    Path program = Gcc.compile(work.resolve("sections"), HELLO);

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.sections())
        .extracting(ElfSection::name)
        .contains(".interp", ".dynamic", ".dynstr", ".text");
    assertThat(elf.sectionContents(".interp"))
        .hasValueSatisfying(
            bytes -> assertThat(new String(bytes)).startsWith("/lib64/ld-linux-x86-64.so.2"));
    assertThat(elf.sectionContents(".bss")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    assertThat(elf.sectionContents(".no-such-section")).isEmpty();
  }

  @Test
  void readsStrippedProgramWithoutSectionHeaders() throws Exception {
    byte[] bytes = SyntheticElf.program("/lib64/ld-linux-x86-64.so.2").needs("libc.so.6").build();
    Path program = Files.write(work.resolve("no-sections"), bytes);

    ElfFile elf = ElfFile.read(program);

    assertThat(elf.sections()).isEmpty();
    assertThat(elf.neededLibraries()).containsExactly("libc.so.6");
  }
}
