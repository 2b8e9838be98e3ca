package dev.ops.registry.upload;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.http.RegistryError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits blob bodies: one request at a time per upload, and no more bodies at once than {@code
 * ops.registry.limits.max-concurrent-uploads}.
 */
@ApplicationScoped
public class UploadGate {

  private static final String RETRY_AFTER_SECONDS = "1";

  @Inject RegistryConfig config;

  private final Set<UUID> writing = ConcurrentHashMap.newKeySet();
  private final AtomicInteger streams = new AtomicInteger();

  public void enter(UUID upload) {
    if (!writing.add(upload)) {
      throw RegistryError.BLOB_UPLOAD_INVALID
          .because("another request is writing to upload " + upload + "; send chunks in order")
          .withStatus(416);
    }
    if (streams.incrementAndGet() > config.limits().maxConcurrentUploads()) {
      leave(upload);
      throw RegistryError.TOOMANYREQUESTS
          .because("the registry is receiving as many blobs as it allows; retry shortly")
          .withHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
  }

  public void leave(UUID upload) {
    if (writing.remove(upload)) {
      streams.decrementAndGet();
    }
  }

  /** Uploads receiving bytes right now on this instance. */
  public Set<UUID> writing() {
    return Set.copyOf(writing);
  }
}
