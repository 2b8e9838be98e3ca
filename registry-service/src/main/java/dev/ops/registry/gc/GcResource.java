package dev.ops.registry.gc;

import dev.ops.registry.RegistryConfig;
import dev.ops.registry.http.RegistryError;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code POST /admin/gc}: runs a garbage collection now and reports what it removed. Needs a push
 * token. {@code blobGracePeriod} and {@code uploadExpiry} (ISO-8601 durations such as {@code
 * PT10M}) override the configured values for this run; a short grace period may remove blobs whose
 * manifest has not been pushed yet, which then fails with MANIFEST_BLOB_UNKNOWN.
 */
@Path("/admin/gc")
public class GcResource {

  @Inject GarbageCollector collector;
  @Inject RegistryConfig config;

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Response> collect(
      @QueryParam("blobGracePeriod") String blobGracePeriod,
      @QueryParam("uploadExpiry") String uploadExpiry) {
    Duration grace = duration(blobGracePeriod, config.gc().blobGracePeriod());
    Duration expiry = duration(uploadExpiry, config.gc().uploadExpiry());
    return collector
        .collect(grace, expiry)
        .map(
            report ->
                report == null
                    ? Response.status(409)
                        .entity(Map.of("message", "a garbage collection is already running"))
                        .build()
                    : Response.ok(report).build());
  }

  private static Duration duration(String value, Duration otherwise) {
    if (value == null || value.isBlank()) {
      return otherwise;
    }
    try {
      Duration parsed = Duration.parse(value);
      if (parsed.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return parsed;
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw RegistryError.UNSUPPORTED
          .because("'" + value + "' is not a non-negative ISO-8601 duration such as PT10M")
          .withStatus(400);
    }
  }
}
