package dev.ops.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTailTest {

  @TempDir Path directory;

  @Test
  void readsCompleteLinesAndLeavesAPartialOneForLater() throws IOException {
    Path log = Files.writeString(directory.resolve("console.log"), "one\ntwo\r\nthr");

    ConsoleTail.Chunk chunk = ConsoleTail.read(log, 0, false);

    assertThat(chunk.lines()).containsExactly("one", "two");
    assertThat(chunk.nextOffset()).isEqualTo(9);
    assertThat(ConsoleTail.read(log, chunk.nextOffset(), true).lines()).containsExactly("thr");
  }

  @Test
  void aFloodIsReadOneBoundedChunkAtATimeAndLosesNothing() throws IOException {
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 100_000; i++) {
      flood.append("line ").append(i).append('\n');
    }
    Path log = Files.writeString(directory.resolve("console.log"), flood);

    long offset = 0;
    int lines = 0;
    int chunks = 0;
    for (ConsoleTail.Chunk chunk = ConsoleTail.read(log, offset, true);
        !chunk.lines().isEmpty();
        chunk = ConsoleTail.read(log, offset, true)) {
      assertThat(chunk.nextOffset() - offset).isLessThanOrEqualTo(ConsoleTail.CHUNK_BYTES);
      assertThat(chunk.lines().get(0)).isEqualTo("line " + lines);
      lines += chunk.lines().size();
      offset = chunk.nextOffset();
      chunks++;
    }

    assertThat(lines).isEqualTo(100_000);
    assertThat(chunks).isGreaterThan(1);
  }

  @Test
  void aHugeLineIsCutIntoPieces() throws IOException {
    Path log =
        Files.writeString(
            directory.resolve("console.log"), "x".repeat(ConsoleTail.MAX_LINE_BYTES * 2) + "\n");

    assertThat(ConsoleTail.read(log, 0, false).lines())
        .hasSizeGreaterThan(1)
        .allSatisfy(
            line -> assertThat(line.length()).isLessThanOrEqualTo(ConsoleTail.MAX_LINE_BYTES + 1));
  }

  @Test
  void theTailOfALogIsItsLastLines() throws IOException {
    Path log = Files.writeString(directory.resolve("boot.log"), "a\nb\nc\nd\n");

    assertThat(ConsoleTail.lastLines(log, 2)).containsExactly("c", "d");
    assertThat(ConsoleTail.lastLines(directory.resolve("absent"), 2)).isEmpty();
  }
}
