package dev.ops.core.elf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Says what a file that is not ELF looks like, so the error can suggest the right fix.
 *
 * <p>Each description completes the sentence "{@code <path>} ...".
 */
final class NonElfDescription {
  private static final int SCRIPT_LINE_LIMIT = 120;

  private NonElfDescription() {}

  /** {@code prefix} is the start of the file, {@code size} its full length. */
  static String describe(byte[] prefix, long size) {
    if (size == 0) {
      return "is empty; perhaps the build that should have written it failed";
    }
    if (startsWith(prefix, "#!")) {
      return describeScript(prefix);
    }
    String format = knownFormat(prefix);
    if (format != null) {
      return format;
    }
    if (looksLikeText(prefix)) {
      return "looks like a text file, not a program; pass the program it is about instead";
    }
    if (size < 4) {
      return "is only " + size + " bytes long, too short for any program";
    }
    return "does not start with the ELF signature 7f 45 4c 46 (it starts with "
        + HexFormat.ofDelimiter(" ").formatHex(Arrays.copyOf(prefix, 4))
        + "); pass a Linux program or shared library";
  }

  private static String describeScript(byte[] prefix) {
    String firstLine = new String(prefix, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    String interpreter = firstLine.substring(2).strip();
    if (interpreter.length() > SCRIPT_LINE_LIMIT) {
      interpreter = interpreter.substring(0, SCRIPT_LINE_LIMIT) + "...";
    }
    return "starts with '#!': it is a script for '"
        + interpreter
        + "'; run its interpreter as the program instead, with the script as an argument";
  }

  private static String knownFormat(byte[] prefix) {
    if (startsWith(prefix, 0x1f, 0x8b)) {
      return "is gzip-compressed; decompress it first";
    }
    if (startsWith(prefix, 0xfd, '7', 'z', 'X', 'Z', 0)) {
      return "is xz-compressed; decompress it first";
    }
    if (startsWith(prefix, 0x28, 0xb5, 0x2f, 0xfd)) {
      return "is zstd-compressed; decompress it first";
    }
    if (startsWith(prefix, "BZh")) {
      return "is bzip2-compressed; decompress it first";
    }
    if (startsWith(prefix, "!<arch>\n")) {
      return "is an ar archive (a static library); pass a program or a shared library";
    }
    if (startsWith(prefix, "PK")) {
      return "is a zip archive (a jar?); run java as the program with it as an argument";
    }
    if (startsWith(prefix, "MZ")) {
      return "is a Windows program; ops runs Linux programs";
    }
    if (isMachO(prefix)) {
      return "is a macOS program or a Java class file; ops runs Linux programs";
    }
    return null;
  }

  private static boolean isMachO(byte[] prefix) {
    return startsWith(prefix, 0xfe, 0xed, 0xfa, 0xce)
        || startsWith(prefix, 0xfe, 0xed, 0xfa, 0xcf)
        || startsWith(prefix, 0xce, 0xfa, 0xed, 0xfe)
        || startsWith(prefix, 0xcf, 0xfa, 0xed, 0xfe)
        || startsWith(prefix, 0xca, 0xfe, 0xba, 0xbe);
  }

  private static boolean looksLikeText(byte[] prefix) {
    for (byte b : prefix) {
      int value = b & 0xff;
      boolean control = value < 0x20 && value != '\n' && value != '\r' && value != '\t';
      if (control || value == 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWith(byte[] prefix, String text) {
    return startsWith(prefix, text.chars().toArray());
  }

  private static boolean startsWith(byte[] prefix, int... expected) {
    if (prefix.length < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if ((prefix[i] & 0xff) != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
