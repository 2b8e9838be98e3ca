package dev.ops.core.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits the guest console into what the user wants and what diagnoses failures. Everything before
 * the init's start marker is kernel and init noise: hidden unless verbose, but kept in the tail.
 * After the marker, bytes go to the program output as they arrive (no line buffering, so prompts
 * and partial lines show), and still feed the tail.
 */
public final class ConsoleFilter {

  /** Written by the guest init on a line of its own just before it starts the program. */
  public static final String START_MARKER = "@@ops:program-start@@";

  private static final int MAX_LINE = 4096;
  private static final String KERNEL_PANIC = "Kernel panic";

  private final OutputStream programOutput;
  private final OutputStream bootOutput;
  private final int tailLines;
  private final Deque<String> tail = new ArrayDeque<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile boolean programStarted;
  private String panicLine;

  /**
   * @param programOutput where the program's console output goes
   * @param bootOutput where boot messages go, or {@code null} to hide them
   * @param tailLines how many last lines to keep for error reports
   */
  public ConsoleFilter(OutputStream programOutput, OutputStream bootOutput, int tailLines) {
    this.programOutput = programOutput;
    this.bootOutput = bootOutput;
    this.tailLines = tailLines;
  }

  public synchronized void accept(byte[] buffer, int length) {
    int passFrom = 0;
    for (int i = 0; i < length; i++) {
      byte b = buffer[i];
      if (b == '\n') {
        boolean wasStarted = programStarted;
        endLine();
        if (!wasStarted) {
          // Boot lines and the marker line itself are not program output.
          passFrom = i + 1;
        }
      } else if (line.size() < MAX_LINE) {
        line.write(b);
      }
    }
    if (programStarted && passFrom < length) {
      write(programOutput, buffer, passFrom, length - passFrom);
    }
  }

  /** Flushes a last line without a newline into the tail. */
  public synchronized void finish() {
    if (line.size() > 0) {
      boolean started = programStarted;
      endLine();
      if (!started && bootOutput != null) {
        flush(bootOutput);
      }
    }
    flush(programOutput);
  }

  public boolean programStarted() {
    return programStarted;
  }

  /**
   * The last lines of the console. A kernel panic's first line is kept at the front even when the
   * register dump after it has pushed it out, since it is what says why.
   */
  public synchronized List<String> tail() {
    List<String> lines = new ArrayList<>();
    if (panicLine != null && !tail.contains(panicLine)) {
      lines.add(panicLine);
      lines.add("...");
    }
    lines.addAll(tail);
    return lines;
  }

  private void endLine() {
    String text = stripCarriageReturn(line.toString(StandardCharsets.UTF_8));
    line.reset();
    if (!programStarted && text.contains(START_MARKER)) {
      programStarted = true;
      return;
    }
    remember(text);
    if (!programStarted && bootOutput != null) {
      byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
      write(bootOutput, bytes, 0, bytes.length);
    }
  }

  private void remember(String text) {
    if (panicLine == null && text.contains(KERNEL_PANIC)) {
      panicLine = text;
    }
    tail.addLast(text);
    while (tail.size() > tailLines) {
      tail.removeFirst();
    }
  }

  private static String stripCarriageReturn(String text) {
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  private static void write(OutputStream out, byte[] bytes, int offset, int length) {
    try {
      out.write(bytes, offset, length);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void flush(OutputStream out) {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
