package dev.ops.core.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebArchiveTest {

  @TempDir Path directory;

  /** Compresses a stream the way a .deb member is compressed. */
  private interface Compression {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] dataTar(Compression compression) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compression.wrap(bytes))) {
      byte[] body = "vmlinuz bytes".getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry("./boot/vmlinuz-6.1.0-cloud-amd64");
      entry.setSize(body.length);
      tar.putArchiveEntry(entry);
      tar.write(body);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** A .deb: an ar archive of debian-binary, control and data members. */
  private Path deb(String dataMember, byte[] data) throws IOException {
    Path deb = directory.resolve("package.deb");
    try (ArArchiveOutputStream ar = new ArArchiveOutputStream(Files.newOutputStream(deb))) {
      member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
      member(ar, "control.tar.gz", dataTar(GzipCompressorOutputStream::new));
      if (dataMember != null) {
        member(ar, dataMember, data);
      }
    }
    return deb;
  }

  private static void member(ArArchiveOutputStream ar, String name, byte[] body)
      throws IOException {
    ar.putArchiveEntry(new ArArchiveEntry(name, body.length));
    ar.write(body);
    ar.closeArchiveEntry();
  }

  @Test
  void extractsAnXzCompressedDataMember() throws IOException {
    Path deb = deb("data.tar.xz", dataTar(XZCompressorOutputStream::new));

    DebArchive.extractData(deb, directory.resolve("root"));

    assertThat(directory.resolve("root/boot/vmlinuz-6.1.0-cloud-amd64"))
        .hasContent("vmlinuz bytes");
  }

  @Test
  void extractsAGzipCompressedDataMember() throws IOException {
    Path deb = deb("data.tar.gz", dataTar(GzipCompressorOutputStream::new));

    DebArchive.extractData(deb, directory.resolve("root"));

    assertThat(directory.resolve("root/boot/vmlinuz-6.1.0-cloud-amd64")).isRegularFile();
  }

  @Test
  void extractsAnUncompressedDataMember() throws IOException {
    Path deb = deb("data.tar", dataTar(out -> out));

    DebArchive.extractData(deb, directory.resolve("root"));

    assertThat(directory.resolve("root/boot/vmlinuz-6.1.0-cloud-amd64")).isRegularFile();
  }

  @Test
  void refusesAPackageWithoutDataMember() throws IOException {
    Path deb = deb(null, null);

    assertThatThrownBy(() -> DebArchive.extractData(deb, directory.resolve("root")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("no data.tar member");
  }

  @Test
  void refusesAFileThatIsNotAnArArchive() throws IOException {
    Path notDeb = Files.writeString(directory.resolve("fake.deb"), "just text, not an archive");

    assertThatThrownBy(() -> DebArchive.extractData(notDeb, directory.resolve("root")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("fake.deb");
  }

  @Test
  void refusesAnUnsupportedCompressionClearly() throws IOException {
    Path deb = deb("data.tar.zst", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

    assertThatThrownBy(() -> DebArchive.extractData(deb, directory.resolve("root")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("data.tar.zst");
  }
}
