package dev.ops.kafka.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleDirectoriesTest {

  @TempDir Path parent;

  @Test
  void shouldDeleteTheDirectoryOfABrokerDeadForLong() throws Exception {
    Path directory = brokerDirectory("ops-kafka-1", deadPid(), Duration.ofHours(2));

    StaleDirectories.sweep(parent);

    assertThat(directory).doesNotExist();
  }

  @Test
  void shouldKeepTheFilesOfABrokerThatFailedRecently() throws Exception {
    Path directory = brokerDirectory("ops-kafka-2", deadPid(), Duration.ofMinutes(1));

    StaleDirectories.sweep(parent);

    assertThat(directory).exists();
  }

  @Test
  void shouldLeaveDirectoriesWithoutABrokerPidAlone() throws IOException {
    Path unrelated = Files.createDirectory(parent.resolve("ops-kafka-by-hand"));

    StaleDirectories.sweep(parent);

    assertThat(unrelated).exists();
  }

  private Path brokerDirectory(String name, long pid, Duration age) throws IOException {
    Path directory = Files.createDirectory(parent.resolve(name));
    StaleDirectories.recordPid(directory, pid);
    Path log = Files.writeString(directory.resolve("broker.log"), "stopped\n");
    Files.setLastModifiedTime(log, FileTime.from(Instant.now().minus(age)));
    return directory;
  }

  private static long deadPid() throws Exception {
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    return process.pid();
  }
}
