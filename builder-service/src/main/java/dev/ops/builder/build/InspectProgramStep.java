package dev.ops.builder.build;

import dev.ops.core.elf.ElfFile;
import dev.ops.core.elf.ElfFormatException;
import dev.ops.core.elf.Linkage;
import dev.ops.events.build.BlobFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads the program's ELF header before anything is built: an image whose program cannot run would
 * only fail later, on a runner, with less to say about why.
 */
final class InspectProgramStep implements BuildStep {

  @Override
  public String name() {
    return "inspect-program";
  }

  @Override
  public String run(BuildContext build) throws IOException {
    BlobFile program = build.request.program();
    if (program == null) {
      return "the program is " + build.basePackage.config().program() + " of the package";
    }
    Path file = build.blobs.get(program.digest());
    try {
      Linkage linkage = ElfFile.read(file).linkage();
      if (linkage == Linkage.SHARED_LIBRARY || linkage == Linkage.RELOCATABLE) {
        throw BuildFailure.of(
            name(),
            "the program "
                + program.path()
                + " is a "
                + describe(linkage)
                + ", not a program; name the executable that uses it");
      }
      return program.path() + ": " + describe(linkage) + " x86-64 program";
    } catch (ElfFormatException e) {
      throw BuildFailure.of(
          name(),
          "the program "
              + program.path()
              + " ("
              + program.digest()
              + ") is not a Linux x86-64 ELF program: "
              + e.getMessage().replace(file.toString(), program.path())
              + "; build it for Linux x86-64, or run a script's interpreter with the script as an"
              + " argument");
    }
  }

  private static String describe(Linkage linkage) {
    return linkage.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
