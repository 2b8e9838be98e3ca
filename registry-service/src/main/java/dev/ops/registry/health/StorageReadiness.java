package dev.ops.registry.health;

import dev.ops.registry.storage.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the blob store's directories are writable; PostgreSQL has its own check. */
@Readiness
@ApplicationScoped
public class StorageReadiness implements HealthCheck {

  @Inject BlobStore store;

  @Override
  public HealthCheckResponse call() {
    boolean writable =
        Files.isWritable(store.blobsDirectory()) && Files.isWritable(store.uploadsDirectory());
    return HealthCheckResponse.named("blob-storage")
        .status(writable)
        .withData("blobs", store.blobsDirectory().toString())
        .build();
  }
}
