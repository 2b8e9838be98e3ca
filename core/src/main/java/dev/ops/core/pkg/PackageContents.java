package dev.ops.core.pkg;

import dev.ops.core.OpsException;
import dev.ops.core.image.CpioLayerWriter;
import dev.ops.core.pkg.PackageStore.StoredPackage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;

/** The files of a package, read back from its layer. */
public final class PackageContents {

  /**
   * One entry of the layer.
   *
   * @param path its path in the guest
   * @param type {@code file}, {@code directory} or {@code link}
   * @param mode permission bits
   * @param size bytes of a file; 0 otherwise
   * @param target where a link points; {@code null} otherwise
   */
  public record Entry(String path, String type, int mode, long size, String target) {}

  private PackageContents() {}

  public static List<Entry> of(PackageStore store, StoredPackage stored) {
    String digest = stored.layer().digest();
    try (InputStream file =
            new BufferedInputStream(Files.newInputStream(store.blobs().path(digest)));
        CpioArchiveInputStream cpio = new CpioArchiveInputStream(file)) {
      List<Entry> entries = new ArrayList<>();
      for (CpioArchiveEntry entry = cpio.getNextEntry();
          entry != null;
          entry = cpio.getNextEntry()) {
        String path = "/" + entry.getName();
        if (!path.startsWith(CpioLayerWriter.MARKER_DIRECTORY)) {
          entries.add(entryOf(entry, path, cpio));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new OpsException(
          "the layer of package " + stored.id() + " does not read: " + e.getMessage(),
          "remove it with 'ops pkg rm " + stored.id() + "' and make or fetch it again");
    }
  }

  private static Entry entryOf(CpioArchiveEntry entry, String path, InputStream cpio)
      throws IOException {
    int mode = (int) (entry.getMode() & 07777);
    if (entry.isDirectory()) {
      return new Entry(path, "directory", mode, 0, null);
    }
    if (entry.isSymbolicLink()) {
      String target = new String(cpio.readAllBytes(), StandardCharsets.UTF_8);
      return new Entry(path, "link", mode, 0, target);
    }
    return new Entry(path, "file", mode, entry.getSize(), null);
  }
}
