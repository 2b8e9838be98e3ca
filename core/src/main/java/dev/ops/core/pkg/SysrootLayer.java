package dev.ops.core.pkg;

import dev.ops.core.elf.ElfFile;
import dev.ops.core.image.HostTreeCollector;
import dev.ops.core.image.LayerContents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** A directory laid out as the guest's root, turned into a package's layer. */
final class SysrootLayer {

  private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

  private SysrootLayer() {}

  /** Every file, directory and link under {@code sysroot}, at the same path under {@code /}. */
  static LayerContents of(Path sysroot) {
    LayerContents layer = new LayerContents(PackageStore.LAYER_NAME);
    HostTreeCollector.collect(sysroot, "/").stream()
        .filter(entry -> !entry.guestPath().equals("/"))
        .forEach(layer::add);
    return layer;
  }

  /** The guest paths of the regular files under {@code sysroot} that start like an ELF file. */
  static List<String> elfFiles(Path sysroot) throws IOException {
    try (Stream<Path> walk = Files.walk(sysroot)) {
      return walk.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
          .filter(SysrootLayer::startsLikeElf)
          .map(file -> "/" + sysroot.relativize(file))
          .sorted()
          .toList();
    }
  }

  static boolean startsLikeElf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(ELF_MAGIC.length), ELF_MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code file} is an x86-64 ELF program or library the resolver can follow. */
  static boolean isLoadable(Path file) {
    try {
      ElfFile.read(file);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
