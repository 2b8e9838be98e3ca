package dev.ops.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleFilterTest {

  private static final String MARKER = ConsoleFilter.START_MARKER + "\n";

  private final ByteArrayOutputStream program = new ByteArrayOutputStream();
  private final ByteArrayOutputStream boot = new ByteArrayOutputStream();

  private ConsoleFilter quiet() {
    return new ConsoleFilter(program, null, 40);
  }

  private ConsoleFilter verbose() {
    return new ConsoleFilter(program, boot, 40);
  }

  private static void feed(ConsoleFilter filter, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    filter.accept(bytes, bytes.length);
  }

  private String programOutput() {
    return program.toString(StandardCharsets.UTF_8);
  }

  private String bootOutput() {
    return boot.toString(StandardCharsets.UTF_8);
  }

  @Test
  void hidesBootLinesUntilTheMarker() {
    ConsoleFilter filter = quiet();

    feed(filter, "[    0.000000] Linux version 6.1.0\r\n[    0.1] init: mounting\r\n");

    assertThat(programOutput()).isEmpty();
    assertThat(filter.programStarted()).isFalse();
  }

  @Test
  void hidesTheMarkerLineItselfAndPassesWhatFollows() {
    ConsoleFilter filter = quiet();

    feed(filter, "boot\r\n" + ConsoleFilter.START_MARKER + "\r\nhello\n");

    assertThat(programOutput()).isEqualTo("hello\n");
    assertThat(filter.programStarted()).isTrue();
  }

  @Test
  void passesProgramBytesUnchanged() {
    ConsoleFilter filter = quiet();
    feed(filter, MARKER);

    feed(filter, "crlf\r\nlf\n\ttab \u00e9\n");

    assertThat(programOutput())
        .as("no \\r\\n mangling either way")
        .isEqualTo("crlf\r\nlf\n\ttab \u00e9\n");
  }

  @Test
  void passesPartialLinesAtOnce() {
    ConsoleFilter filter = quiet();
    feed(filter, MARKER);

    feed(filter, "password: ");

    assertThat(programOutput()).isEqualTo("password: ");
  }

  @Test
  void passesBytesThatShareAChunkWithTheMarker() {
    ConsoleFilter filter = quiet();

    feed(filter, "[ 1.0] boot\n" + MARKER + "first\nsecond without newline");

    assertThat(programOutput()).isEqualTo("first\nsecond without newline");
  }

  @Test
  void findsAMarkerSplitAcrossTwoChunks() {
    ConsoleFilter filter = quiet();

    feed(filter, "boot line\n@@ops:prog");
    assertThat(filter.programStarted()).isFalse();
    feed(filter, "ram-start@@\nhello");

    assertThat(filter.programStarted()).isTrue();
    assertThat(programOutput()).isEqualTo("hello");
  }

  @Test
  void findsAMarkerSplitRightBeforeItsNewline() {
    ConsoleFilter filter = quiet();

    feed(filter, ConsoleFilter.START_MARKER);
    feed(filter, "\nhello\n");

    assertThat(programOutput()).isEqualTo("hello\n");
  }

  @Test
  void findsAMarkerAfterKernelNoiseOnTheSameLine() {
    ConsoleFilter filter = quiet();

    feed(filter, "[    1.5] random: crng init done" + MARKER + "out\n");

    assertThat(filter.programStarted()).isTrue();
    assertThat(programOutput()).isEqualTo("out\n");
  }

  @Test
  void passesAMarkerPrintedByTheProgramAsOutput() {
    ConsoleFilter filter = quiet();
    feed(filter, MARKER);

    feed(filter, MARKER);

    assertThat(programOutput()).isEqualTo(MARKER);
  }

  @Test
  void showsBootLinesWithoutCarriageReturnsWhenVerbose() {
    ConsoleFilter filter = verbose();

    feed(filter, "[ 0.0] Linux\r\n[ 0.1] init\r\n" + MARKER + "program\r\n");

    assertThat(bootOutput()).isEqualTo("[ 0.0] Linux\n[ 0.1] init\n");
    assertThat(programOutput()).as("program bytes stay unchanged").isEqualTo("program\r\n");
  }

  @Test
  void showsAnUnfinishedBootLineWhenTheConsoleEnds() {
    ConsoleFilter filter = verbose();
    feed(filter, "Kernel panic - not syncing: no init");

    filter.finish();

    assertThat(bootOutput()).isEqualTo("Kernel panic - not syncing: no init\n");
    assertThat(filter.tail()).containsExactly("Kernel panic - not syncing: no init");
  }

  @Test
  void keepsTheLastLinesOfBothPhasesInTheTail() {
    ConsoleFilter filter = new ConsoleFilter(program, null, 3);

    feed(filter, "boot 1\nboot 2\r\nboot 3\n" + MARKER + "out 1\nout 2\n");

    assertThat(filter.tail()).containsExactly("boot 3", "out 1", "out 2");
  }

  @Test
  void keepsBootLinesInTheTailWhenNotVerbose() {
    ConsoleFilter filter = new ConsoleFilter(program, null, 5);

    feed(filter, "boot 1\nboot 2\n");

    assertThat(filter.tail()).containsExactly("boot 1", "boot 2");
  }

  @Test
  void putsALastLineWithoutNewlineInTheTailOnFinish() {
    ConsoleFilter filter = quiet();
    feed(filter, MARKER + "done\nbye");

    filter.finish();

    assertThat(filter.tail()).containsExactly("done", "bye");
    assertThat(programOutput()).isEqualTo("done\nbye");
  }

  @Test
  void shortensVeryLongLinesInTheTailOnly() {
    ConsoleFilter filter = quiet();
    String longLine = "x".repeat(10_000);

    feed(filter, MARKER + longLine + "\n");

    assertThat(programOutput()).isEqualTo(longLine + "\n");
    assertThat(filter.tail()).singleElement().asString().hasSize(4096);
  }

  @Test
  void honoursTheLengthGivenToAccept() {
    ConsoleFilter filter = quiet();
    feed(filter, MARKER);
    byte[] buffer = "abcdef".getBytes(StandardCharsets.UTF_8);

    filter.accept(buffer, 3);

    assertThat(programOutput()).isEqualTo("abc");
  }
}
