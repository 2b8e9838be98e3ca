package dev.ops.core.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages in NanoVMs OPS's format, from a directory or an archive, and archives that attack. */
class NanosPackageImporterTest {

  private static final String MANIFEST =
      """
      {"Program": "node_v14.2.0/node", "Args": ["node"], "Version": "v14.2.0",
       "Description": "Node.js", "Language": "JavaScript", "Env": {"NODE_ENV": "production"},
       "Runtime": "node"}
      """;

  @TempDir Path root;
  private PackageStore store;
  private Path work;

  @BeforeEach
  void createStore() {
    store = new PackageStore(root.resolve("packages"), new BlobStore(root.resolve("blobs")));
    work = root.resolve("work");
  }

  private NanosPackageImporter importer() {
    return new NanosPackageImporter(store, work);
  }

  private Path packageDirectory() throws IOException {
    Path directory = Files.createDirectories(root.resolve("src/node_v14.2.0"));
    Files.writeString(directory.resolve("package.manifest"), MANIFEST);
    Files.writeString(directory.resolve("node"), "ELF pretend");
    Path lib = Files.createDirectories(directory.resolve("sysroot/lib/x86_64-linux-gnu"));
    Files.writeString(lib.resolve("libc.so.6"), "libc pretend");
    return directory;
  }

  @Test
  void importsADirectoryWithItsManifestsDefaults() throws IOException {
    StoredPackage stored = importer().importPackage(packageDirectory(), null, null);

    assertThat(stored.id()).isEqualTo(new PackageName("node", "14.2.0"));
    assertThat(stored.config().program()).isEqualTo("/node_v14.2.0/node");
    assertThat(stored.config().args()).as("argv[0] is not an argument").isEmpty();
    assertThat(stored.config().language()).isEqualTo("javascript");
    assertThat(stored.config().env()).containsEntry("NODE_ENV", "production");
    assertThat(PackageContents.of(store, stored))
        .extracting(PackageContents.Entry::path)
        .contains("/node_v14.2.0/node", "/lib/x86_64-linux-gnu/libc.so.6")
        .doesNotContain("/node_v14.2.0/package.manifest");
  }

  @Test
  void importsTheSamePackageFromATarGz() throws IOException {
    Path directory = packageDirectory();
    Path archive =
        tarGz(
            tar -> {
              add(tar, "node_v14.2.0/package.manifest", MANIFEST);
              add(tar, "node_v14.2.0/node", "ELF pretend");
              add(tar, "node_v14.2.0/sysroot/lib/x86_64-linux-gnu/libc.so.6", "libc pretend");
            });

    StoredPackage fromArchive = importer().importPackage(archive, "node-archive", "1");
    StoredPackage fromDirectory = importer().importPackage(directory, "node-dir", "1");

    assertThat(fromArchive.layer()).isEqualTo(fromDirectory.layer());
    assertThat(listing(work)).as("the staging directory is gone").isEmpty();
  }

  @Test
  void aProgramThatIsNotInThePackageIsRefused() throws IOException {
    Path directory = packageDirectory();
    Files.writeString(
        directory.resolve("package.manifest"), "{\"Program\": \"node_v14.2.0/nope\"}");

    assertThatThrownBy(() -> importer().importPackage(directory, null, null))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("nope is not among its files");
  }

  @Test
  void anEntryClimbingOutIsRefusedAndLeavesNothing() throws IOException {
    Path archive =
        tarGz(
            tar -> {
              add(tar, "pkg/package.manifest", "{\"Program\": \"pkg/x\"}");
              add(tar, "pkg/../../escaped", "owned");
            });

    assertRefusedLeavingNothing(archive, "points outside the target directory");
    assertThat(root.resolve("escaped")).doesNotExist();
  }

  @Test
  void aLinkLeadingOutIsRefused() throws IOException {
    Path archive =
        tarGz(
            tar -> {
              add(tar, "pkg/package.manifest", "{\"Program\": \"pkg/x\"}");
              TarArchiveEntry link =
                  new TarArchiveEntry("pkg/sysroot/etc", TarConstants.LF_SYMLINK);
              link.setLinkName("../../../../../etc");
              put(tar, link, null);
            });

    assertRefusedLeavingNothing(archive, "its link leads outside");
  }

  @Test
  void aDeviceFileIsRefused() throws IOException {
    Path archive =
        tarGz(
            tar -> {
              add(tar, "pkg/package.manifest", "{\"Program\": \"pkg/x\"}");
              TarArchiveEntry device =
                  new TarArchiveEntry("pkg/sysroot/dev/sda", TarConstants.LF_BLK);
              device.setDevMajor(8);
              put(tar, device, null);
            });

    assertRefusedLeavingNothing(archive, "device files");
  }

  @Test
  void somethingElseThanAnArchiveIsAClearError() throws IOException {
    Path notAnArchive = Files.writeString(root.resolve("pkg.tar.gz"), "plain text");

    assertRefusedLeavingNothing(notAnArchive, "cannot read");
  }

  private void assertRefusedLeavingNothing(Path archive, String reason) throws IOException {
    assertThatThrownBy(() -> importer().importPackage(archive, "hostile", "1"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining(reason);
    assertThat(listing(work)).as("nothing left in the staging area").isEmpty();
    assertThat(store.list()).isEmpty();
    assertThat(listing(root.resolve("blobs"))).isEmpty();
  }

  private static java.util.List<Path> listing(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private interface TarWriter {
    void write(TarArchiveOutputStream tar) throws IOException;
  }

  private Path tarGz(TarWriter writer) throws IOException {
    Path archive = Files.createTempFile(root, "package-", ".tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      writer.write(tar);
    }
    return archive;
  }

  private static void add(TarArchiveOutputStream tar, String name, String content)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, true);
    entry.setMode(0100644);
    put(tar, entry, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void put(TarArchiveOutputStream tar, TarArchiveEntry entry, byte[] content)
      throws IOException {
    if (content != null) {
      entry.setSize(content.length);
    }
    tar.putArchiveEntry(entry);
    if (content != null) {
      tar.write(content);
    }
    tar.closeArchiveEntry();
  }
}
