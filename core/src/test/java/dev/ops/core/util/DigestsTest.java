package dev.ops.core.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DigestsTest {

  /** SHA-256 of "abc", from FIPS 180-2. */
  private static final String ABC =
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void digestsBytesInOciForm() {
    assertThat(Digests.of("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
  }

  @Test
  void digestsAFileAsItsBytes(@TempDir Path directory) throws IOException {
    byte[] content = new byte[200_000];
    new java.util.Random(1).nextBytes(content);
    Path file = Files.write(directory.resolve("blob"), content);

    assertThat(Digests.of(file)).isEqualTo(Digests.of(content));
  }

  @Test
  void digestsAnEmptyFileAsNoBytes(@TempDir Path directory) throws IOException {
    Path file = Files.createFile(directory.resolve("empty"));

    assertThat(Digests.of(file)).isEqualTo(Digests.of(new byte[0]));
  }

  @Test
  void failsOnAMissingFile(@TempDir Path directory) {
    assertThatThrownBy(() -> Digests.of(directory.resolve("missing")))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void acceptsAWellFormedDigest() {
    assertThat(Digests.isValid(ABC)).isTrue();
  }

  @ParameterizedTest(name = "''{0}''")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
        "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
        "sha256:ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "sha256:../../../../etc/passwd"
      })
  void rejectsMalformedDigests(String digest) {
    assertThat(Digests.isValid(digest)).isFalse();
  }

  @Test
  void givesTheHexPartForAFileName() {
    assertThat(Digests.hex(ABC))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void refusesTheHexPartOfAMalformedDigest() {
    assertThatThrownBy(() -> Digests.hex("sha256:../../etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256:../../etc");
  }
}
