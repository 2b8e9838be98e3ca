package dev.ops.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveOutputStream;
import org.apache.commons.compress.archivers.cpio.CpioConstants;

/**
 * Writes a layer as a newc cpio archive, the format Linux unpacks as an initramfs. The output
 * depends only on the entries: owners are root, times are zero, inode numbers count up in archive
 * order. The layer's marker file comes last, so the init can tell whether the kernel unpacked all
 * of it.
 */
public final class CpioLayerWriter {

  /** Where the init looks for the marker of each layer it was told about. */
  public static final String MARKER_DIRECTORY = "/.ops/layers";

  private static final int REGULAR = CpioConstants.C_ISREG;
  private static final int DIRECTORY = CpioConstants.C_ISDIR;
  private static final int SYMLINK = CpioConstants.C_ISLNK;
  private static final int MARKER_MODE = 0444;
  private static final short NEWC = CpioConstants.FORMAT_NEW;

  /** Keeps every archive a multiple of 512 bytes, so concatenated layers stay aligned. */
  private static final int BLOCK_SIZE = 512;

  private CpioLayerWriter() {}

  public static String markerPath(String layerName) {
    return MARKER_DIRECTORY + "/" + layerName;
  }

  public static void write(LayerContents contents, OutputStream out) throws IOException {
    LayerContents withMarkers = contents.copy();
    withMarkers.add(new LayerEntry.Directory(MARKER_DIRECTORY, LayerContents.DIRECTORY_MODE));
    try (CpioArchiveOutputStream cpio = new CpioArchiveOutputStream(out, NEWC, BLOCK_SIZE)) {
      long inode = 1;
      for (LayerEntry entry : withMarkers.entries()) {
        writeEntry(cpio, entry, inode++);
      }
      byte[] none = new byte[0];
      writeEntry(
          cpio, new LayerEntry.Content(markerPath(contents.name()), MARKER_MODE, none), inode);
    }
  }

  private static void writeEntry(CpioArchiveOutputStream cpio, LayerEntry entry, long inode)
      throws IOException {
    if (entry instanceof LayerEntry.Directory directory) {
      put(cpio, header(entry, DIRECTORY | directory.mode(), 0, inode, 2), null);
    } else if (entry instanceof LayerEntry.Symlink link) {
      byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
      put(cpio, header(entry, SYMLINK | 0777, target.length, inode, 1), target);
    } else if (entry instanceof LayerEntry.Content content) {
      byte[] bytes = content.bytes();
      put(cpio, header(entry, REGULAR | content.mode(), bytes.length, inode, 1), bytes);
    } else if (entry instanceof LayerEntry.HostFile file) {
      long size = Files.size(file.source());
      cpio.putArchiveEntry(header(entry, REGULAR | file.mode(), size, inode, 1));
      try (InputStream in = Files.newInputStream(file.source())) {
        in.transferTo(cpio);
      }
      cpio.closeArchiveEntry();
    }
  }

  private static void put(CpioArchiveOutputStream cpio, CpioArchiveEntry header, byte[] body)
      throws IOException {
    cpio.putArchiveEntry(header);
    if (body != null) {
      cpio.write(body);
    }
    cpio.closeArchiveEntry();
  }

  private static CpioArchiveEntry header(
      LayerEntry entry, int mode, long size, long inode, int links) {
    // The kernel expects names without the leading slash, as cpio tools write them.
    CpioArchiveEntry header = new CpioArchiveEntry(NEWC, entry.guestPath().substring(1), size);
    header.setMode(mode);
    header.setUID(0);
    header.setGID(0);
    header.setTime(0);
    header.setInode(inode);
    header.setNumberOfLinks(links);
    return header;
  }
}
