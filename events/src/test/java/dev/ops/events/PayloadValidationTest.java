package dev.ops.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.events.build.BlobFile;
import dev.ops.events.instance.ConsoleLine;
import dev.ops.events.instance.ConsoleStream;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.runner.RunnerHeartbeat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadValidationTest {

  private static final String DIGEST =
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void shouldRefuseAGuestPathThatClimbsOutOfItsDirectory() {
    assertThatThrownBy(() -> new BlobFile("/srv/../etc/shadow", DIGEST, 1, "0644"))
        .hasMessageContaining("path must be an absolute guest path");
  }

  @Test
  void shouldRefuseARelativeGuestPath() {
    assertThatThrownBy(() -> new BlobFile("srv/web", DIGEST, 1, "0644"))
        .hasMessageContaining("absolute");
  }

  @Test
  void shouldRefuseADigestOfAnotherAlgorithm() {
    assertThatThrownBy(() -> new BlobFile("/srv/web", "md5:abc", 1, "0644"))
        .hasMessageContaining("digest must be sha256:");
  }

  @Test
  void shouldRefuseMoreFreeCapacityThanTotal() {
    assertThatThrownBy(
            () ->
                new RunnerHeartbeat(
                    "kvm-1",
                    "kvm-1",
                    Instant.EPOCH,
                    15,
                    4,
                    5,
                    1024,
                    512,
                    false,
                    "7.2.15",
                    List.of(),
                    List.of(),
                    Map.of()))
        .hasMessageContaining("vcpusFree (5) must not exceed vcpusTotal (4)");
  }

  @Test
  void shouldRefuseAnExitStatusNoShellCouldReport() {
    assertThatThrownBy(() -> new InstanceExited("i-1", "kvm-1", 300, null, false))
        .hasMessageContaining("status must be 0-255");
  }

  @Test
  void shouldNumberConsoleLinesFromOne() {
    assertThatThrownBy(() -> new ConsoleLine("i-1", 0, ConsoleStream.PROGRAM, "x"))
        .hasMessageContaining("seq starts at 1");
  }
}
