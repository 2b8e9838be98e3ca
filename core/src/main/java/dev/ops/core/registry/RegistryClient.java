package dev.ops.core.registry;

import dev.ops.core.OpsException;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.util.Digests;
import dev.ops.core.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client of one OCI Distribution registry ({@code /v2/}). Blobs are streamed both ways and never
 * held in memory; everything received is checked against its digest; failures are {@link
 * RegistryException}s that say what failed, what the registry said and what to do. Safe to share
 * between threads.
 */
public final class RegistryClient {

  /**
   * How the client moves bytes and copes with faults.
   *
   * @param chunkThreshold blobs larger than this are sent in chunks, so a failure costs one chunk
   * @param chunkSize bytes per chunk
   * @param attempts tries per request (and per upload) before a transient fault is final
   * @param firstBackoff pause after the first failure, doubled after each further one
   * @param requestTimeout wait for the answer to a request without a large body
   * @param connectTimeout wait for a connection
   */
  public record Tuning(
      long chunkThreshold,
      long chunkSize,
      int attempts,
      Duration firstBackoff,
      Duration requestTimeout,
      Duration connectTimeout) {

    public static final Tuning DEFAULT =
        new Tuning(
            32L << 20,
            16L << 20,
            4,
            Duration.ofMillis(250),
            Duration.ofSeconds(60),
            Duration.ofSeconds(10));
  }

  /** Manifest types this client asks for; an index is refused later, with a reason. */
  static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          MediaTypes.OCI_MANIFEST,
          MediaTypes.OCI_INDEX,
          MediaTypes.DOCKER_MANIFEST,
          MediaTypes.DOCKER_MANIFEST_LIST);

  /** Manifests are small documents; anything larger is not one. */
  private static final int MAX_MANIFEST_BYTES = 4 << 20;

  private static final int TAGS_PAGE = 1000;
  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final Transport transport;
  private final BlobUpload uploads;
  private final BlobDownload downloads;
  private final Tuning tuning;

  public RegistryClient(URI base, Optional<String> token, Progress progress) {
    this(base, token, progress, Tuning.DEFAULT);
  }

  public RegistryClient(URI base, Optional<String> token, Progress progress, Tuning tuning) {
    this.transport = new Transport(base, token, tuning, progress);
    this.uploads = new BlobUpload(transport, tuning, progress);
    this.downloads = new BlobDownload(transport, tuning, progress);
    this.tuning = tuning;
  }

  public URI base() {
    return transport.base();
  }

  /** The registry as references name it: {@code host[:port]}. */
  public String registry() {
    return transport.base().getRawAuthority();
  }

  public boolean hasBlob(String repository, String digest) {
    Call call =
        call("check for blob " + digest + " in " + repository, "HEAD", blobUri(repository, digest));
    Reply<Void> reply = transport.send(call);
    if (reply.status() == 404) {
      return false;
    }
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    return true;
  }

  /** Sends a file as a blob; large files in resumable chunks. The registry checks the digest. */
  public void pushBlob(String repository, Path file, BlobDescriptor blob) {
    uploads.push(ImageReference.requireRepository(repository), file, requireDigest(blob));
  }

  /** Sends a small blob held in memory, such as a config. */
  public BlobDescriptor pushBlob(String repository, byte[] content) {
    BlobDescriptor blob = new BlobDescriptor(Digests.of(content), content.length);
    uploads.push(ImageReference.requireRepository(repository), content, blob);
    return blob;
  }

  /**
   * Asks the registry to link a blob it holds in another repository into this one, without sending
   * it. Returns false when the registry would rather have it uploaded.
   */
  public boolean mountBlob(String repository, String digest, String fromRepository) {
    String query =
        "?mount="
            + Transport.encode(requireDigest(digest))
            + "&from="
            + Transport.encode(ImageReference.requireRepository(fromRepository));
    String action = "mount blob " + digest + " from " + fromRepository + " into " + repository;
    Call call = call(action, "POST", v2(repository, "/blobs/uploads/" + query));
    Reply<Void> reply = transport.send(call);
    if (reply.status() == 202) {
      reply.location().ifPresent(this::cancelUpload);
      return false;
    }
    if (reply.status() != 201) {
      throw transport.failure(call, reply);
    }
    return true;
  }

  /** Stores a manifest under a tag or its digest; returns its digest. */
  public String pushManifest(String repository, String reference, byte[] json, String mediaType) {
    Call call =
        call(
                "push manifest " + display(repository, reference),
                "PUT",
                manifestUri(repository, reference))
            .withHeader("Content-Type", mediaType)
            .withBody(() -> HttpRequest.BodyPublishers.ofByteArray(json));
    Reply<Void> reply = transport.send(call);
    if (reply.status() != 201 && reply.status() != 200) {
      throw transport.failure(call, reply);
    }
    String digest = Digests.of(json);
    Optional<String> stored = reply.header("Docker-Content-Digest");
    if (stored.isPresent() && !stored.get().equals(digest)) {
      throw altered(call, "the registry stored it as " + stored.get() + ", not " + digest);
    }
    return digest;
  }

  /** The digest of a manifest, without fetching it, or empty when there is none. */
  public Optional<String> findManifest(String repository, String reference) {
    Call call =
        call(
                "look up manifest " + display(repository, reference),
                "HEAD",
                manifestUri(repository, reference))
            .withHeader("Accept", MANIFEST_ACCEPT);
    Reply<Void> reply = transport.send(call);
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    Optional<String> digest = reply.header("Docker-Content-Digest").filter(Digests::isValid);
    return digest.isPresent() ? digest : Optional.of(pullManifest(repository, reference).digest());
  }

  /**
   * A manifest with its verified digest: the digest asked for, the one the registry announces, and
   * the one of the bytes received must agree.
   */
  public Manifest pullManifest(String repository, String reference) {
    Call call =
        call(
                "pull manifest " + display(repository, reference),
                "GET",
                manifestUri(repository, reference))
            .withHeader("Accept", MANIFEST_ACCEPT);
    Reply<byte[]> reply = transport.send(call, limited(MAX_MANIFEST_BYTES));
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    byte[] bytes = bodyOf(reply, call);
    String digest = Digests.of(bytes);
    requireDigestAgrees(call, reference, digest, "was asked for");
    reply
        .header("Docker-Content-Digest")
        .filter(d -> d.startsWith(Digests.SHA256_PREFIX))
        .ifPresent(announced -> requireDigestAgrees(call, announced, digest, "was announced"));
    return new Manifest(bytes, mediaTypeOf(reply, bytes), digest);
  }

  /** A small blob, such as a config, in memory, verified. */
  public byte[] pullBlob(String repository, BlobDescriptor blob) {
    if (blob.size() > MAX_MANIFEST_BYTES) {
      throw new IllegalArgumentException(blob.digest() + " is too large to hold in memory");
    }
    String action = "pull blob " + blob.digest() + " from " + repository;
    Call call = call(action, "GET", blobUri(repository, requireDigest(blob).digest()));
    Reply<byte[]> reply = transport.send(call, limited(MAX_MANIFEST_BYTES));
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    byte[] bytes = bodyOf(reply, call);
    String actual = Digests.of(bytes);
    if (!actual.equals(blob.digest()) || bytes.length != blob.size()) {
      throw altered(call, "its content has the digest " + actual);
    }
    return bytes;
  }

  /**
   * Streams a blob to {@code target} through a {@code .partial} file next to it, resuming a partial
   * download, and renames it into place once its size and digest are right.
   *
   * @return false when {@code target} already existed (another pull stored it meanwhile), so
   *     nothing was downloaded
   */
  public boolean pullBlob(String repository, BlobDescriptor blob, Path target) {
    return downloads.pull(
        ImageReference.requireRepository(repository), requireDigest(blob), target);
  }

  /** Every tag of a repository, following the registry's pages. */
  public List<String> tags(String repository) {
    List<String> tags = new ArrayList<>();
    Set<URI> seen = new HashSet<>();
    URI next = v2(repository, "/tags/list?n=" + TAGS_PAGE);
    while (next != null && seen.add(next)) {
      Call call = call("list the tags of " + repository, "GET", next);
      Reply<byte[]> reply = transport.send(call, limited(MAX_MANIFEST_BYTES));
      if (!reply.succeeded()) {
        throw transport.failure(call, reply);
      }
      readTags(bodyOf(reply, call), call).forEach(tags::add);
      next = nextPage(reply).orElse(null);
    }
    return List.copyOf(tags);
  }

  /** Deletes a manifest by digest (or, where the registry allows it, a tag). */
  public void deleteManifest(String repository, String reference) {
    Call call =
        call(
            "delete manifest " + display(repository, reference),
            "DELETE",
            manifestUri(repository, reference));
    Reply<Void> reply = transport.send(call);
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
  }

  /**
   * A JSON document from the registry's own API beside {@code /v2} (such as the package index of
   * registry-service), or empty when the registry answers 404.
   *
   * @param path the path and query, starting with {@code /}, already encoded
   */
  public Optional<byte[]> getApi(String action, String path) {
    Call call =
        call(action, "GET", transport.base().resolve(requireApiPath(path)))
            .withHeader("Accept", "application/json");
    Reply<byte[]> reply = transport.send(call, limited(MAX_MANIFEST_BYTES));
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
    return Optional.of(bodyOf(reply, call));
  }

  /** Sends a JSON document (or nothing, for a DELETE) to the registry's own API. */
  public void sendApi(String action, String method, String path, byte[] json) {
    Call call = call(action, method, transport.base().resolve(requireApiPath(path)));
    if (json != null) {
      call =
          call.withHeader("Content-Type", "application/json")
              .withBody(() -> HttpRequest.BodyPublishers.ofByteArray(json));
    }
    Reply<Void> reply = transport.send(call);
    if (!reply.succeeded()) {
      throw transport.failure(call, reply);
    }
  }

  private static String requireApiPath(String path) {
    if (!path.startsWith("/api/") || path.contains("..")) {
      throw new IllegalArgumentException("not a path of the registry's API: " + path);
    }
    return path;
  }

  /** Pushers and pullers get a client per registry; a reference to another is a bug. */
  void requireServes(ImageReference reference) {
    if (!reference.registry().equals(registry())) {
      throw new IllegalArgumentException(
          "this client talks to " + registry() + ", not to " + reference.registry());
    }
  }

  private void cancelUpload(URI location) {
    Reply<Void> ignored = transport.send(call("cancel an upload", "DELETE", location));
  }

  private Call call(String action, String method, URI uri) {
    return Call.of(action, method, uri, tuning.requestTimeout());
  }

  private URI blobUri(String repository, String digest) {
    return v2(repository, "/blobs/" + requireDigest(digest));
  }

  private URI manifestUri(String repository, String reference) {
    return v2(repository, "/manifests/" + ImageReference.requireTagOrDigest(reference));
  }

  /** An endpoint of a repository, whose name is checked first since it becomes part of a URL. */
  private URI v2(String repository, String rest) {
    return transport.base().resolve("/v2/" + ImageReference.requireRepository(repository) + rest);
  }

  private static void requireDigestAgrees(Call call, String expected, String actual, String how) {
    if (expected.startsWith(Digests.SHA256_PREFIX) && !expected.equals(actual)) {
      throw altered(
          call, expected + " " + how + " but the bytes received have the digest " + actual);
    }
  }

  /** Content that is not what it claims to be: refused, and nothing of it stored. */
  private static RegistryException altered(Call call, String problem) {
    return new RegistryException(
        "could not " + call.action() + ": " + problem,
        "nothing was stored. The registry's copy is damaged, or something between altered it:"
            + " push the artifact again, or tell the registry's operator",
        0,
        List.of(),
        false,
        null);
  }

  private static String mediaTypeOf(Reply<byte[]> reply, byte[] bytes) {
    Optional<String> header =
        reply.header("Content-Type").map(type -> type.replaceFirst(";.*", "").strip());
    if (header.isPresent() && !header.get().isEmpty() && !header.get().equals("application/json")) {
      return header.get();
    }
    try {
      return Json.MAPPER.readTree(bytes).path("mediaType").asText(header.orElse(""));
    } catch (IOException e) {
      return header.orElse("");
    }
  }

  private List<String> readTags(byte[] body, Call call) {
    try {
      List<String> tags = new ArrayList<>();
      Json.MAPPER.readTree(body).path("tags").forEach(tag -> tags.add(tag.asText()));
      return tags;
    } catch (IOException e) {
      throw new OpsException(
          "could not "
              + call.action()
              + ": the registry's answer is not JSON ("
              + e.getMessage()
              + ")",
          "check that the address points at an OCI registry");
    }
  }

  private Optional<URI> nextPage(Reply<?> reply) {
    return reply.headers().allValues("Link").stream()
        .map(NEXT_LINK::matcher)
        .filter(Matcher::find)
        .map(m -> reply.uri().resolve(m.group(1)))
        .findFirst();
  }

  /** Reads a body whole, refusing one larger than {@code limit} before reading it. */
  private static HttpResponse.BodyHandler<byte[]> limited(int limit) {
    return info -> {
      long length = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (length > limit) {
        return HttpResponse.BodySubscribers.replacing(null);
      }
      return HttpResponse.BodySubscribers.ofByteArray();
    };
  }

  /** The body {@link #limited} read, or a failure when it was too large to read. */
  private static byte[] bodyOf(Reply<byte[]> reply, Call call) {
    if (reply.body() == null) {
      throw new OpsException(
          "could not "
              + call.action()
              + ": the answer is larger than "
              + MAX_MANIFEST_BYTES
              + " bytes",
          "check that the address points at an OCI registry");
    }
    return reply.body();
  }

  private static BlobDescriptor requireDigest(BlobDescriptor blob) {
    requireDigest(blob.digest());
    return blob;
  }

  private static String requireDigest(String digest) {
    if (!Digests.isValid(digest)) {
      throw new OpsException(
          "'" + digest + "' is not a sha256 digest",
          "digests are sha256:<64 lower-case hex digits>");
    }
    return digest;
  }

  static String display(String repository, String reference) {
    return repository + (reference.startsWith(Digests.SHA256_PREFIX) ? "@" : ":") + reference;
  }
}
