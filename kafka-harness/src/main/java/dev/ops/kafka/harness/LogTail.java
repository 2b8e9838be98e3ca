package dev.ops.kafka.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a log file, to put in an error message. */
final class LogTail {

  static final int LINES = 30;

  private LogTail() {}

  static String of(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LINES), lines.size());
      return String.join("\n", tail);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  static boolean mentionsPortInUse(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains("Address already in use");
    } catch (IOException e) {
      return false;
    }
  }
}
