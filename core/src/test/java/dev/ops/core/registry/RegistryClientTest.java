package dev.ops.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.Progress;
import dev.ops.core.blob.BlobDescriptor;
import dev.ops.core.image.ImageManifest;
import dev.ops.core.util.Digests;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side of pushing and pulling, against an in-memory registry with injected faults. */
class RegistryClientTest {

  private static final RegistryClient.Tuning SMALL_CHUNKS =
      new RegistryClient.Tuning(
          1000, 400, 3, Duration.ofMillis(1), Duration.ofSeconds(10), Duration.ofSeconds(2));

  @TempDir Path work;

  private FakeRegistry registry;

  @BeforeEach
  void startRegistry() throws IOException {
    registry = new FakeRegistry();
  }

  @AfterEach
  void stopRegistry() {
    registry.close();
  }

  private RegistryClient client() {
    return client(Optional.empty());
  }

  private RegistryClient client(Optional<String> token) {
    return new RegistryClient(registry.base(), token, Progress.SILENT, SMALL_CHUNKS);
  }

  private Path file(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }

  private static BlobDescriptor describe(Path file) throws IOException {
    return new BlobDescriptor(Digests.of(file), Files.size(file));
  }

  @Test
  void pushBlob_smallBlob_goesInOnePutAfterThePost() throws IOException {
    Path file = file("small", 500);

    client().pushBlob("team/app", file, describe(file));

    assertThat(registry.hasBlob("team/app", Digests.of(file))).isTrue();
    assertThat(registry.log()).noneMatch(line -> line.startsWith("PATCH"));
    assertThat(client().hasBlob("team/app", Digests.of(file))).isTrue();
    assertThat(client().hasBlob("other", Digests.of(file))).isFalse();
  }

  @Test
  void pushBlob_largeBlob_goesInChunksAndResumesWhereTheRegistryStopped() throws IOException {
    Path file = file("large", 2000);
    registry.failNextChunkAfter(150);

    client().pushBlob("app", file, describe(file));

    assertThat(registry.blob(Digests.of(file)))
        .as("the blob arrives whole although a chunk broke off after 150 bytes")
        .isEqualTo(Files.readAllBytes(file));
    assertThat(registry.log())
        .as("the client asked where to resume")
        .anyMatch(line -> line.startsWith("GET /v2/app/blobs/uploads/"));
    assertThat(registry.log().stream().filter(line -> line.startsWith("PATCH")).count())
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void pushBlob_theRegistryLosingTheSession_startsTheUploadAgain() throws IOException {
    Path file = file("large", 2000);
    registry.fail("PATCH", "/uploads/", 404, 1);

    client().pushBlob("app", file, describe(file));

    assertThat(registry.blob(Digests.of(file))).isEqualTo(Files.readAllBytes(file));
    assertThat(registry.log().stream().filter(line -> line.startsWith("POST")).count())
        .isEqualTo(2);
  }

  @Test
  void pushBlob_wrongDigest_isRefusedWithTheRegistrysCodeAndAHint() throws IOException {
    Path file = file("small", 100);
    BlobDescriptor wrong = new BlobDescriptor(Digests.of(new byte[] {1}), 100);

    assertThatThrownBy(() -> client().pushBlob("app", file, wrong))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("DIGEST_INVALID")
        .hasMessageContaining("push blob " + wrong.digest())
        .satisfies(e -> assertThat(((RegistryException) e).hint()).contains("changed"));
  }

  @Test
  void pullBlob_brokenConnection_resumesWithRange() throws IOException {
    byte[] content = Files.readAllBytes(file("content", 5000));
    registry.putBlob("app", content);
    registry.breakNextDownloadAfter(1200);
    Path target = work.resolve("out/blob");

    client().pullBlob("app", new BlobDescriptor(Digests.of(content), content.length), target);

    assertThat(target).hasBinaryContent(content);
    assertThat(registry.log()).anyMatch(line -> line.endsWith("Range:bytes=1200-"));
    assertThat(target.resolveSibling("blob.partial")).doesNotExist();
  }

  @Test
  void pullBlob_aRegistryThatStopsSending_isLeftAndTheRestFetchedWithRange() throws IOException {
    byte[] content = Files.readAllBytes(file("content", 5000));
    registry.putBlob("app", content);
    registry.stallNextDownloadAfter(1500);
    Path target = work.resolve("out/blob");
    RegistryClient.Tuning impatient =
        new RegistryClient.Tuning(
            1000, 400, 3, Duration.ofMillis(1), Duration.ofMillis(500), Duration.ofSeconds(2));
    long start = System.nanoTime();

    new RegistryClient(registry.base(), Optional.empty(), Progress.SILENT, impatient)
        .pullBlob("app", new BlobDescriptor(Digests.of(content), content.length), target);

    assertThat(target).hasBinaryContent(content);
    assertThat(registry.log()).anyMatch(line -> line.endsWith("Range:bytes=1500-"));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("the stalled answer is held for a minute; the client must not wait for it")
        .isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void pullBlob_tamperedContent_isRefusedAndLeavesNothing() throws IOException {
    byte[] content = Files.readAllBytes(file("content", 3000));
    registry.putBlob("app", content);
    byte[] tampered = content.clone();
    tampered[100] ^= 1;
    registry.tamper(Digests.of(content), tampered);
    Path target = work.resolve("out/blob");

    assertThatThrownBy(
            () ->
                client()
                    .pullBlob(
                        "app", new BlobDescriptor(Digests.of(content), content.length), target))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("its content has the digest " + Digests.of(tampered))
        .satisfies(e -> assertThat(((RegistryException) e).hint()).contains("nothing was stored"));
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling("blob.partial")).doesNotExist();
  }

  @Test
  void pullBlob_twoPullsOfTheSameBlobAtOnce_downloadItOnceAndBothSucceed() throws Exception {
    byte[] content = Files.readAllBytes(file("content", 200_000));
    registry.putBlob("app", content);
    BlobDescriptor blob = new BlobDescriptor(Digests.of(content), content.length);
    Path target = work.resolve("out/blob");

    List<Future<Boolean>> pulls;
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      pulls =
          threads.invokeAll(
              Collections.nCopies(
                  4, (Callable<Boolean>) () -> client().pullBlob("app", blob, target)));
    } finally {
      threads.shutdown();
    }

    long downloaded = 0;
    for (Future<Boolean> pull : pulls) {
      downloaded += pull.get() ? 1 : 0;
    }
    assertThat(downloaded).as("pulls that downloaded").isEqualTo(1);
    assertThat(target).hasBinaryContent(content);
  }

  @Test
  void pullBlob_aBadPartialFromAnEarlierRun_isDownloadedAgain() throws IOException {
    byte[] content = Files.readAllBytes(file("content", 3000));
    registry.putBlob("app", content);
    Path target = work.resolve("out/blob");
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling("blob.partial"), new byte[1000]);

    client().pullBlob("app", new BlobDescriptor(Digests.of(content), content.length), target);

    assertThat(target).hasBinaryContent(content);
  }

  @Test
  void manifests_roundTripByTagAndDigest_andTheDigestIsVerified() {
    byte[] json = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);

    String digest = client().pushManifest("app", "v1", json, ImageManifest.MEDIA_TYPE);
    Manifest byTag = client().pullManifest("app", "v1");
    Manifest byDigest = client().pullManifest("app", digest);

    assertThat(digest).isEqualTo(Digests.of(json));
    assertThat(byTag.bytes()).isEqualTo(json);
    assertThat(byTag.mediaType()).isEqualTo(ImageManifest.MEDIA_TYPE);
    assertThat(byDigest.digest()).isEqualTo(digest);
    assertThat(client().findManifest("app", "v1")).contains(digest);
    assertThat(client().findManifest("app", "v2")).isEmpty();
  }

  @Test
  void pullManifest_whoseBytesDoNotMatchTheDigestAskedFor_isRefused() {
    byte[] json = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
    String other = Digests.of(new byte[] {7});
    registry.putManifest("app", other, json, ImageManifest.MEDIA_TYPE);

    assertThatThrownBy(() -> client().pullManifest("app", other))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining(other + " was asked for but the bytes received have the digest");
  }

  @Test
  void deleteManifest_removesIt() {
    String digest = client().pushManifest("app", "v1", "{}".getBytes(), ImageManifest.MEDIA_TYPE);

    client().deleteManifest("app", digest);

    assertThat(client().findManifest("app", "v1")).isEmpty();
  }

  @Test
  void tags_followTheRegistrysPages() {
    for (String tag : new String[] {"a", "b", "c", "d", "e"}) {
      client().pushManifest("app", tag, ("{\"t\":\"" + tag + "\"}").getBytes(), "x/y");
    }
    registry.pageTagsBy(2);

    assertThat(client().tags("app")).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void tags_ofAnUnknownRepository_failWithTheSpecsCode() {
    assertThatThrownBy(() -> client().tags("nothing/here"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("list the tags of nothing/here")
        .hasMessageContaining("404 NAME_UNKNOWN")
        .satisfies(e -> assertThat(((RegistryException) e).transientFault()).isFalse());
  }

  @Test
  void mountBlob_linksABlobFromAnotherRepository() {
    byte[] content = "shared".getBytes(StandardCharsets.UTF_8);
    registry.putBlob("one", content);

    boolean mounted = client().mountBlob("two", Digests.of(content), "one");
    boolean notThere = client().mountBlob("three", Digests.of(new byte[] {1}), "one");

    assertThat(mounted).isTrue();
    assertThat(registry.hasBlob("two", Digests.of(content))).isTrue();
    assertThat(notThere).as("the registry would rather have it uploaded").isFalse();
  }

  @Test
  void transientFaults_areRetriedUntilTheyPass() {
    client().pushManifest("app", "v1", "{}".getBytes(), ImageManifest.MEDIA_TYPE);
    registry.fail("GET", "/manifests/", 503, 2);

    Manifest manifest = client().pullManifest("app", "v1");

    assertThat(manifest.bytes()).isEqualTo("{}".getBytes());
  }

  @Test
  void transientFaults_areRetriedOnlyABoundedNumberOfTimes() {
    client().pushManifest("app", "v1", "{}".getBytes(), ImageManifest.MEDIA_TYPE);
    registry.fail("GET", "/manifests/", 503, 10);

    assertThatThrownBy(() -> client().pullManifest("app", "v1"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered 503")
        .satisfies(e -> assertThat(((RegistryException) e).transientFault()).isTrue());
    assertThat(registry.log().stream().filter(l -> l.startsWith("GET")).count())
        .as("SMALL_CHUNKS allows 3 attempts")
        .isEqualTo(3);
  }

  @Test
  void refusals_areNotRetried() {
    assertThatThrownBy(() -> client().pullManifest("app", "v1"))
        .hasMessageContaining("MANIFEST_UNKNOWN");
    assertThat(registry.log()).hasSize(1);
  }

  @Test
  void aRegistryThatIsNotThere_isReportedWithWhatToCheck() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RegistryClient client =
        new RegistryClient(
            URI.create("http://127.0.0.1:" + port),
            Optional.empty(),
            Progress.SILENT,
            SMALL_CHUNKS);

    assertThatThrownBy(() -> client.hasBlob("app", Digests.of(new byte[0])))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("no answer from http://127.0.0.1:" + port)
        .satisfies(e -> assertThat(((RegistryException) e).hint()).contains("OPS_REGISTRY"));
  }

  @Test
  void aProtectedRegistry_withoutAToken_failsWithAHintToSetOne() {
    registry.requireToken("secret", false);

    assertThatThrownBy(() -> client().tags("app"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("answered 401 UNAUTHORIZED")
        .satisfies(
            e ->
                assertThat(((RegistryException) e).hint())
                    .contains("needs a token")
                    .contains("OPS_REGISTRY_TOKEN")
                    .contains("registry.token in $OPS_HOME/config.json"));
  }

  @Test
  void aProtectedRegistry_withAWrongToken_saysTheTokenWasRefused() {
    registry.requireToken("secret", false);

    assertThatThrownBy(() -> client(Optional.of("wrong")).tags("app"))
        .satisfies(
            e ->
                assertThat(((RegistryException) e).hint())
                    .contains("refused the configured token"));
  }

  @Test
  void aProtectedRegistry_acceptsTheConfiguredBearerToken() {
    registry.requireToken("secret", false);
    client(Optional.of("secret")).pushManifest("app", "v1", "{}".getBytes(), "x/y");

    assertThat(client(Optional.of("secret")).tags("app")).containsExactly("v1");
  }

  @Test
  void aChallengeWithARealm_isAnsweredWithTheTokenDance() {
    registry.requireToken("issued", true);

    client().pushManifest("app", "v1", "{}".getBytes(), "x/y");

    assertThat(registry.log()).anyMatch(line -> line.startsWith("GET /token?service=fake"));
  }
}
