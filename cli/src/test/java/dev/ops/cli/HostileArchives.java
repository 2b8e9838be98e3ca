package dev.ops.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Package archives made to attack the machine that unpacks them. */
final class HostileArchives {

  private HostileArchives() {}

  /** A NanoVMs-style package whose second entry climbs out of the directory it is unpacked in. */
  static Path climbingOut(Path archive) throws IOException {
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      add(tar, "pkg/package.manifest", "{\"Program\": \"pkg/program\"}");
      add(tar, "pkg/../../escaped", "written outside");
    }
    return archive;
  }

  private static void add(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setSize(bytes.length);
    entry.setMode(0100644);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }
}
