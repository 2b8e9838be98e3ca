package dev.ops.kafka.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Removes the directories of brokers that are long gone. A broker whose test JVM was killed stops
 * by itself, but nobody is left to delete its directory; the next harness start does, once the
 * broker has been dead for a while (a failed start keeps its files for people to read).
 */
final class StaleDirectories {

  static final String PID_FILE = "broker.pid";
  static final String PREFIX = "ops-kafka-";
  private static final Duration KEEP_FOR = Duration.ofMinutes(30);

  private StaleDirectories() {}

  static void sweep(Path parent) {
    if (!Files.isDirectory(parent)) {
      return;
    }
    try (DirectoryStream<Path> directories = Files.newDirectoryStream(parent, PREFIX + "*")) {
      for (Path directory : directories) {
        if (isStale(directory)) {
          Directories.deleteQuietly(directory);
        }
      }
    } catch (IOException e) {
      // Sweeping is a courtesy; a broker starts just as well without it.
    }
  }

  static void recordPid(Path directory, long pid) {
    try {
      Files.writeString(directory.resolve(PID_FILE), pid + "\n");
    } catch (IOException e) {
      // Without it the directory is never swept, which costs disk, not correctness.
    }
  }

  private static boolean isStale(Path directory) throws IOException {
    Path pidFile = directory.resolve(PID_FILE);
    if (!Files.isRegularFile(pidFile)) {
      return false;
    }
    Instant lastWrite = Files.getLastModifiedTime(newestFile(directory)).toInstant();
    boolean quietLongEnough = lastWrite.isBefore(Instant.now().minus(KEEP_FOR));
    return quietLongEnough && !brokerAlive(Files.readString(pidFile).strip());
  }

  private static Path newestFile(Path directory) {
    Path log = directory.resolve("broker.log");
    return Files.exists(log) ? log : directory.resolve(PID_FILE);
  }

  private static boolean brokerAlive(String pid) {
    Optional<ProcessHandle> process;
    try {
      process = ProcessHandle.of(Long.parseLong(pid));
    } catch (NumberFormatException e) {
      return false;
    }
    return process
        .filter(ProcessHandle::isAlive)
        .flatMap(handle -> handle.info().commandLine())
        .map(command -> command.contains(BrokerMain.class.getName()))
        .orElse(false);
  }
}
