package dev.ops.cli;

import dev.ops.core.image.ImageManifest;
import dev.ops.core.image.ImageStore.StoredImage;
import dev.ops.core.util.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tables for people and JSON for scripts. */
final class Output {

  private Output() {}

  static void printJson(Object value) {
    System.out.println(new String(Json.write(value), StandardCharsets.UTF_8));
  }

  static void printTable(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    printRow(header, widths);
    rows.forEach(row -> printRow(row, widths));
  }

  private static void printRow(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(String.format("%-" + widths[i] + "s", cells.get(i)));
      if (i < cells.size() - 1) {
        line.append("  ");
      }
    }
    System.out.println(line.toString().stripTrailing());
  }

  static Map<String, Object> imageSummary(StoredImage image) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", image.name());
    summary.put("digest", image.manifestDigest());
    summary.put("size", image.manifest().totalLayerSize());
    summary.put("kernel", image.config().kernelName());
    summary.put("minimumMemoryMib", image.config().minimumMemoryMib());
    summary.put("program", image.config().program());
    summary.put("created", image.created().toString());
    summary.put("layers", image.manifest().layers().stream().map(Output::layerSummary).toList());
    return summary;
  }

  private static Map<String, Object> layerSummary(ImageManifest.Descriptor layer) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("name", layer.annotations().get(ImageManifest.LAYER_NAME));
    summary.put("digest", layer.digest());
    summary.put("size", layer.size());
    return summary;
  }

  static String mebibytes(long bytes) {
    return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  static String shortDigest(String digest) {
    return digest.substring("sha256:".length(), "sha256:".length() + 12);
  }
}
