package dev.ops.runner.control;

import dev.ops.events.runner.DrainRequested;
import dev.ops.runner.ledger.FleetLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Makes a drain last as long as nobody resumes the runner, although the commands topic forgets
 * after a week: the drained runner keeps a marker on its disk, publishes its drain again when it
 * starts with the marker and the topic has forgotten, and renews it every day while it lasts.
 */
public final class DrainKeeper {

  private static final System.Logger LOG = System.getLogger(DrainKeeper.class.getName());
  static final Duration RENEW_AFTER = Duration.ofDays(1);
  // Until a renewal is read back the ledger still holds the old command: do not send it twice.
  private static final Duration RENEWAL_READ_BACK = Duration.ofMinutes(1);

  private final String runnerId;
  private final FleetLedger ledger;
  private final Reporter reporter;
  private final Path marker;
  private boolean restored;
  private Instant renewedAt = Instant.EPOCH;

  public DrainKeeper(String runnerId, FleetLedger ledger, Reporter reporter, Path marker) {
    this.runnerId = runnerId;
    this.ledger = ledger;
    this.reporter = reporter;
    this.marker = marker;
  }

  /** One round, once the ledger has caught up with the fleet's history. */
  public void tend() {
    if (!restored) {
      restored = true;
      if (Files.exists(marker) && ledger.drainCommandAt(runnerId).isEmpty()) {
        LOG.log(Level.INFO, "runner {0} was draining before it stopped; it still is", runnerId);
        renew();
        return;
      }
    }
    if (ledger.isDraining(runnerId)) {
      keepMarker();
      boolean old =
          ledger
              .drainCommandAt(runnerId)
              .map(at -> at.plus(RENEW_AFTER).isBefore(Instant.now()))
              .orElse(false);
      if (old && renewedAt.plus(RENEWAL_READ_BACK).isBefore(Instant.now())) {
        renew();
      }
    } else if (ledger.drainCommandAt(runnerId).isPresent()) {
      deleteMarker();
    }
  }

  private void renew() {
    keepMarker();
    renewedAt = Instant.now();
    reporter.event(
        new DrainRequested(runnerId, true, "runner " + runnerId + ", renewing its drain"));
  }

  private void keepMarker() {
    try {
      if (!Files.exists(marker)) {
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, Instant.now() + "\n");
        LOG.log(Level.INFO, "runner {0} is draining", runnerId);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteMarker() {
    try {
      if (Files.deleteIfExists(marker)) {
        LOG.log(Level.INFO, "runner {0} takes launches again", runnerId);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
