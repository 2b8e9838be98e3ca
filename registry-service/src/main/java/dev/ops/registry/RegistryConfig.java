package dev.ops.registry;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Every setting of the registry, from properties or environment variables. */
@ConfigMapping(prefix = "ops.registry")
public interface RegistryConfig {

  /** Directory of the content-addressed blob store and of uploads in progress. */
  Path storage();

  /** Bearer tokens that may push and delete; with none, the registry is read-only. */
  Optional<Set<String>> pushTokens();

  /** When set, pulls need this token (or a push token); otherwise pulls are open. */
  Optional<String> pullToken();

  /** The token endpoint advertised in WWW-Authenticate; by default this server's /v2/token. */
  Optional<String> tokenRealm();

  @WithDefault("true")
  boolean deleteEnabled();

  Limits limits();

  Gc gc();

  /** Sizes and counts past which requests are refused. */
  interface Limits {
    @WithDefault("16G")
    MemorySize maxBlobSize();

    @WithDefault("4M")
    MemorySize maxManifestSize();

    /** Blob bodies streamed at once; more get 429 TOOMANYREQUESTS. */
    @WithDefault("32")
    int maxConcurrentUploads();

    /** Longest tag list or catalog page. */
    @WithDefault("1000")
    int maxPageSize();
  }

  /** Garbage collection. */
  interface Gc {
    /** Blobs pushed or linked more recently than this are never collected. */
    @WithDefault("PT1H")
    Duration blobGracePeriod();

    /** Upload sessions untouched for this long are abandoned and removed. */
    @WithDefault("PT24H")
    Duration uploadExpiry();

    /** How often the collector runs by itself ("off" to run it only through /admin/gc). */
    @WithDefault("6h")
    String every();
  }
}
