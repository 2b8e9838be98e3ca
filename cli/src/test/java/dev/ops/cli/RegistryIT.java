package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ops image push/pull} and {@code ops kernel push/pull} against CNCF Distribution, the
 * reference OCI registry, between two "machines": a builder that shares the test kernel cache and a
 * fresh one with an empty home and an empty kernel cache.
 */
class RegistryIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private DockerRegistry registry;
  private OpsEnvironment builder;
  private OpsEnvironment fresh;

  @BeforeEach
  void startRegistry() {
    registry = DockerRegistry.start(work.resolve("registry"));
    builder =
        OpsEnvironment.machine(work.resolve("builder"), OpsEnvironment.SHARED_KERNEL_CACHE)
            .with("OPS_REGISTRY", registry.url());
    fresh =
        OpsEnvironment.machine(work.resolve("fresh"), work.resolve("fresh-kernels"))
            .with("OPS_REGISTRY", registry.url());
  }

  @AfterEach
  void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  @Tag("vm")
  void anImagePulledOntoAFreshMachine_bringsItsKernel_andRunsWithTheSameOutputAndStatus() {
    buildAndPush("hello");

    OpsProcess.Result pulled =
        fresh.run(work, "image", "pull", registry.host() + "/hello", "--json");
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    assertThat(json(pulled).path("kernel").path("blobs").path("transferred").asInt())
        .as("the fresh machine had no kernel, so it was pulled too")
        .isPositive();

    OpsProcess.Result created = fresh.run(work, "instance", "create", "hello", "--name", "h1");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> fresh.run(work, "instance", "list", "--json").stdout().contains("exitStatus"));
    assertThat(fresh.run(work, "instance", "list", "--json").stdout())
        .contains("\"exitStatus\" : 3");
    assertThat(fresh.run(work, "instance", "logs", "h1").stdout())
        .isEqualTo("hello from a static program\n");
  }

  @Test
  void aSecondPush_sendsNoBlob_andAPullByDigestGivesTheSameImage() {
    JsonNode first = buildAndPush("hello");

    OpsProcess.Result again = builder.run(work, "image", "push", "hello", "--json");
    assertThat(again.exitCode()).as(again.stderr()).isZero();
    JsonNode second = json(again);
    String digest = second.path("digest").asText();

    assertThat(first.path("blobs").path("transferred").asInt()).isPositive();
    assertThat(second.path("blobs").path("transferred").asInt()).isZero();
    assertThat(second.path("blobs").path("skipped").asInt())
        .isEqualTo(first.path("blobs").path("transferred").asInt());
    assertThat(second.path("kernel").path("blobs").path("transferred").asInt()).isZero();
    assertThat(digest).isEqualTo(first.path("digest").asText());

    OpsProcess.Result pinned =
        fresh.run(work, "image", "pull", registry.host() + "/hello@" + digest, "-i", "pinned");
    assertThat(pinned.exitCode()).as(pinned.stderr()).isZero();
    assertThat(json(fresh.run(work, "image", "inspect", "pinned")).path("digest").asText())
        .isEqualTo(digest);
  }

  @Test
  void aBlobTamperedWithInTheRegistry_isRefusedWithADigestError_andNothingIsStored()
      throws IOException {
    buildAndPush("hello");
    String layer = layerDigest("hello", "program");
    Path data = registry.blobData(layer);
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x20;
    Files.write(data, bytes);

    OpsProcess.Result pulled = fresh.run(work, "image", "pull", registry.host() + "/hello");

    assertThat(pulled.exitCode()).isEqualTo(125);
    assertThat(pulled.stderr())
        .contains("could not pull blob " + layer)
        .contains("its content has the digest")
        .contains("nothing was stored");
    assertThat(regularFiles(fresh.home().resolve("blobs"))).as("the local blob store").isEmpty();
    assertThat(regularFiles(work.resolve("fresh-kernels"))).as("the kernel cache").isEmpty();
    assertThat(fresh.run(work, "image", "list").stdout()).doesNotContain("hello");
  }

  @Test
  void aKernel_isPushedAndPulledOnItsOwn_byName() {
    OpsProcess.Result pushed = builder.run(work, "kernel", "push", "--json");
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    String reference = json(pushed).path("reference").asText();
    String name = reference.substring(reference.lastIndexOf(':') + 1);

    OpsProcess.Result pulled = fresh.run(work, "kernel", "pull", name, "--json");
    OpsProcess.Result again = fresh.run(work, "kernel", "pull", reference);

    assertThat(reference).startsWith(registry.host() + "/kernels/");
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    assertThat(fresh.run(work, "kernel", "list").stdout()).contains(name);
    assertThat(again.stdout()).contains("kernel " + name + " is already on this machine");
  }

  @Test
  void aRegistryThatWantsAToken_failsThePushWithAHintToSetIt() throws IOException {
    try (ChallengingServer server = ChallengingServer.start()) {
      OpsEnvironment machine = builder.with("OPS_REGISTRY", server.url());
      buildWith(machine, "hello");

      OpsProcess.Result pushed = machine.run(work, "image", "push", "hello");

      assertThat(pushed.exitCode()).isEqualTo(125);
      assertThat(pushed.stderr())
          .contains("answered 401")
          .contains("this registry needs a token")
          .contains("OPS_REGISTRY_TOKEN");
    }
  }

  @Test
  void aPullOfSomethingThatIsNotThere_saysSo() {
    OpsProcess.Result pulled = fresh.run(work, "image", "pull", registry.host() + "/nothing:v9");

    assertThat(pulled.exitCode()).isEqualTo(125);
    assertThat(pulled.stderr()).contains("pull manifest nothing:v9").contains("MANIFEST_UNKNOWN");
  }

  private JsonNode buildAndPush(String name) {
    buildWith(builder, name);
    OpsProcess.Result pushed = builder.run(work, "image", "push", name, "--json");
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    return json(pushed);
  }

  private void buildWith(OpsEnvironment machine, String name) {
    Path program = work.resolve("programs/exit3");
    if (!Files.exists(program)) {
      TestPrograms.compile("exit3.c", work.resolve("programs"), "-static");
    }
    OpsProcess.Result built = machine.run(work, "build", program.toString(), "-i", name);
    assertThat(built.exitCode()).as(built.stderr()).isZero();
  }

  private String layerDigest(String image, String layerName) {
    JsonNode manifest = json(builder.run(work, "image", "inspect", image)).path("manifest");
    for (JsonNode layer : manifest.path("layers")) {
      if (layer.path("annotations").path("dev.ops.layer.name").asText().equals(layerName)) {
        return layer.path("digest").asText();
      }
    }
    throw new AssertionError("image " + image + " has no layer " + layerName + ": " + manifest);
  }

  private static JsonNode json(OpsProcess.Result result) {
    try {
      return JSON.readTree(result.stdout());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + result.all(), e);
    }
  }

  private static List<Path> regularFiles(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      // The download lock file stays: it is empty and lets concurrent pulls take turns.
      return files
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().equals(".download.lock"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
