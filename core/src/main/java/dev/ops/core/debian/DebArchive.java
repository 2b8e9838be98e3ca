package dev.ops.core.debian;

import dev.ops.core.OpsException;
import dev.ops.core.util.SafeTarExtractor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Unpacks the files of a {@code .deb} (its {@code data.tar}) into a directory, in pure Java so it
 * works without dpkg and without touching the host's package database.
 */
public final class DebArchive {

  private DebArchive() {}

  public static void extractData(Path deb, Path target) {
    readData(deb, "unpack", tar -> SafeTarExtractor.extract(tar, target));
  }

  /** The paths of the files a {@code .deb} holds (its {@code data.tar}), as absolute paths. */
  public static List<String> listData(Path deb) {
    List<String> names = new ArrayList<>();
    readData(deb, "read", tar -> names.addAll(entryNames(new TarArchiveInputStream(tar))));
    return names;
  }

  /** What is done with the decompressed {@code data.tar} stream. */
  private interface DataReader {
    void read(InputStream tar) throws IOException;
  }

  private static void readData(Path deb, String verb, DataReader reader) {
    try (InputStream file = new BufferedInputStream(Files.newInputStream(deb));
        ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
      for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
        if (entry.getName().startsWith("data.tar")) {
          reader.read(decompressor(entry.getName(), ar));
          return;
        }
      }
      throw new OpsException("not a Debian package: " + deb + " has no data.tar member");
    } catch (IOException e) {
      throw new OpsException("could not " + verb + " " + deb + ": " + e.getMessage(), null, e);
    }
  }

  private static List<String> entryNames(TarArchiveInputStream tar) throws IOException {
    List<String> names = new ArrayList<>();
    for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
      String name = entry.getName().replaceFirst("^\\./", "/").replaceAll("/$", "");
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name.startsWith("/") ? name : "/" + name);
      }
    }
    return names;
  }

  private static InputStream decompressor(String member, InputStream in) throws IOException {
    if (member.endsWith(".xz")) {
      return new XZCompressorInputStream(in);
    }
    if (member.endsWith(".gz")) {
      return new GzipCompressorInputStream(in);
    }
    if (member.equals("data.tar")) {
      return in;
    }
    throw new IOException("unsupported compression of " + member + " (expected xz or gzip)");
  }
}
