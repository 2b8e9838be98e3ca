package dev.ops.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ops.builder.build.Builder;
import dev.ops.builder.testing.TestFleet;
import dev.ops.builder.testing.TestKernels;
import dev.ops.builder.testing.TestPrograms;
import dev.ops.builder.testing.TestRequests;
import dev.ops.core.OpsHome;
import dev.ops.core.Progress;
import dev.ops.core.blob.BlobStore;
import dev.ops.core.image.ImageBuilder;
import dev.ops.core.image.ImageSpec;
import dev.ops.core.image.ImageStore;
import dev.ops.core.kernel.KernelCatalogue;
import dev.ops.events.DeadLetter;
import dev.ops.events.Event;
import dev.ops.events.EventType;
import dev.ops.events.build.BuildFailed;
import dev.ops.events.build.BuildProgress;
import dev.ops.events.build.BuildRequested;
import dev.ops.events.build.BuildStarted;
import dev.ops.events.build.BuildSucceeded;
import dev.ops.events.topic.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builders against a real Kafka broker and a real OCI registry. */
class BuilderTest {

  private static TestFleet fleet;

  @BeforeAll
  static void startFleet() {
    fleet = TestFleet.start();
  }

  @AfterAll
  static void stopFleet() {
    fleet.close();
  }

  @AfterEach
  void stopBuilders() {
    fleet.stopBuilders();
  }

  private static BuildRequested publishRequest(String image) throws Exception {
    BuildRequested request =
        fleet.requests.request(TestRequests.newBuildId(), image, TestPrograms.dynamicHello());
    fleet.requester.publish(request).get();
    return request;
  }

  private static List<String> progressSteps(String buildId) {
    return fleet.events.payloadsOf(buildId, BuildProgress.class).stream()
        .map(BuildProgress::step)
        .toList();
  }

  /** The same program built on this machine with the same kernel, as 'ops build' does. */
  private static String localDigestOf(Path program, String name) {
    Path home = fleet.directory().resolve("local-" + name);
    KernelCatalogue kernels = new KernelCatalogue(OpsHome.at(home), Progress.SILENT);
    TestKernels.install(kernels.store());
    BlobStore blobs = new BlobStore(home.resolve("blobs"));
    ImageBuilder local =
        new ImageBuilder(new ImageStore(home.resolve("images"), blobs), kernels, Progress.SILENT);
    return local.build(ImageSpec.of(program).withKernel(TestKernels.NAME), name).manifestDigest();
  }

  @Test
  void shouldPushTheImageAndPublishSucceededWhenABuildIsRequested() throws Exception {
    fleet.startBuilder("builder-a");

    BuildRequested request = publishRequest("hello:1.0");
    BuildSucceeded succeeded = fleet.events.awaitSucceeded(request.buildId());

    assertThat(succeeded.image()).isEqualTo(fleet.registry.host() + "/hello:1.0");
    assertThat(fleet.client.findManifest("hello", "1.0")).contains(succeeded.manifestDigest());
    assertThat(succeeded.manifestDigest())
        .as("the fleet's image is byte for byte the one 'ops build' makes locally")
        .isEqualTo(localDigestOf(TestPrograms.dynamicHello(), "hello"));
    assertThat(fleet.events.started(request.buildId()))
        .singleElement()
        .satisfies(
            started -> {
              assertThat(started.builder()).isEqualTo("builder-a");
              assertThat(started.attempt()).isEqualTo(1);
            });
    assertThat(progressSteps(request.buildId()))
        .containsExactly(
            "pull-kernel",
            "pull-package",
            "pull-blobs",
            "inspect-program",
            "write-layers",
            "push-image",
            "record-build");
  }

  @Test
  void shouldBuildOnceWhenTheSameRequestIsDeliveredTwice() throws Exception {
    Builder builder = fleet.startBuilder("builder-a");
    BuildRequested request =
        fleet.requests.request(TestRequests.newBuildId(), "twice:1", TestPrograms.dynamicHello());
    Event<BuildRequested> event = Event.of(URI.create("/ops/test"), request);

    fleet.requester.publish(event).get();
    fleet.requester.publish(event).get();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fleet.events.outcomes(request.buildId()).size() == 2);
    assertThat(fleet.events.outcomes(request.buildId()))
        .as("both deliveries are answered with the same result")
        .hasSize(2)
        .allSatisfy(outcome -> assertThat(outcome).isInstanceOf(BuildSucceeded.class))
        .extracting(outcome -> ((BuildSucceeded) outcome).manifestDigest())
        .containsOnly(fleet.events.awaitSucceeded(request.buildId()).manifestDigest());
    assertThat(fleet.events.started(request.buildId())).hasSize(1);
    assertThat(builder.metrics().built()).isEqualTo(1);
  }

  @Test
  void shouldBuildWhatWasRequestedWhileNoBuilderRanOnceTheUpgradedOneStarts() throws Exception {
    fleet.startBuilder("builder-old");
    BuildRequested before = publishRequest("upgrade-before:1");
    fleet.events.awaitSucceeded(before.buildId());
    fleet.stopBuilders();

    BuildRequested during = publishRequest("upgrade-during:1");
    fleet.startBuilder("builder-new");

    fleet.events.awaitSucceeded(during.buildId());
    assertThat(fleet.events.started(during.buildId()))
        .singleElement()
        .satisfies(started -> assertThat(started.builder()).isEqualTo("builder-new"));
    assertThat(fleet.events.started(before.buildId())).as("not built again").hasSize(1);
  }

  @Test
  void shouldAnswerARepeatedRequestFromTheRegistryOnAnotherBuilder() throws Exception {
    fleet.startBuilder("builder-a");
    BuildRequested request = publishRequest("again:1");
    BuildSucceeded first = fleet.events.awaitSucceeded(request.buildId());
    fleet.stopBuilders();

    Builder other = fleet.startBuilder("builder-b");
    fleet.requester.publish(request).get();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fleet.events.outcomes(request.buildId()).size() == 2);
    assertThat(fleet.events.outcomes(request.buildId())).containsOnly(first);
    assertThat(other.metrics().built()).isZero();
  }

  @Test
  void shouldDeadLetterPoisonRecordsAndBuildTheNextRequest() throws Exception {
    fleet.startBuilder("builder-a");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            fleet.kafka.clientSettings(), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(poison("no-headers", "not an event", new RecordHeaders())).get();
      producer.send(poison("bad-json", "{\"buildId\": ", cloudEventHeaders("bad-json"))).get();
    }

    BuildRequested request = publishRequest("after-poison:1");

    fleet.events.awaitSucceeded(request.buildId());
    await().atMost(Duration.ofSeconds(30)).until(() -> fleet.events.deadLetters().size() >= 2);
    Set<String> reasons =
        fleet.events.deadLetters().stream()
            .map(record -> DeadLetter.read(record).orElseThrow().reason())
            .collect(Collectors.toSet());
    assertThat(reasons).containsExactlyInAnyOrder("NOT_A_CLOUDEVENT", "MALFORMED_JSON");
  }

  private static ProducerRecord<String, byte[]> poison(
      String key, String value, RecordHeaders headers) {
    return new ProducerRecord<>(
        Topics.BUILD_REQUESTS.name(), null, key, value.getBytes(StandardCharsets.UTF_8), headers);
  }

  private static RecordHeaders cloudEventHeaders(String subject) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", bytes("1.0"));
    headers.add("ce_id", bytes("poison-" + subject));
    headers.add("ce_source", bytes("/ops/test"));
    headers.add("ce_type", bytes(EventType.BUILD_REQUESTED.type()));
    headers.add("ce_subject", bytes(subject));
    headers.add("ce_time", bytes("2026-03-02T09:10:00Z"));
    headers.add("content-type", bytes("application/json"));
    return headers;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldFailAtPullBlobsNamingTheBlobWhenTheRegistryLacksIt() throws Exception {
    fleet.startBuilder("builder-a");
    byte[] neverPushed = "a program nobody uploaded".getBytes(StandardCharsets.UTF_8);
    BuildRequested request =
        fleet.requests.requestForBytes(TestRequests.newBuildId(), "missing:1", neverPushed, false);

    fleet.requester.publish(request).get();

    BuildFailed failed = fleet.events.awaitFailed(request.buildId());
    assertThat(failed.step()).isEqualTo("pull-blobs");
    assertThat(failed.reason()).contains(request.program().digest(), "/app", "ops build --fleet");
  }

  @Test
  void shouldFailAtInspectProgramWhenTheProgramIsNotAnElf() throws Exception {
    fleet.startBuilder("builder-a");
    byte[] script = "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8);
    BuildRequested request =
        fleet.requests.requestForBytes(TestRequests.newBuildId(), "script:1", script, true);

    fleet.requester.publish(request).get();

    BuildFailed failed = fleet.events.awaitFailed(request.buildId());
    assertThat(failed.step()).isEqualTo("inspect-program");
    assertThat(failed.reason()).contains("not a Linux x86-64 ELF", "interpreter");
  }

  @Test
  void shouldFailWithAReasonWhenTheRegistryStaysDown() throws Exception {
    fleet.startBuilder("builder-a");
    BuildRequested request =
        fleet.requests.request(TestRequests.newBuildId(), "down:1", TestPrograms.dynamicHello());
    fleet.registry.stop();
    try {
      fleet.requester.publish(request).get();

      BuildFailed failed = fleet.events.awaitFailed(request.buildId());
      assertThat(failed.step()).isEqualTo("find-build");
      assertThat(failed.reason()).contains(fleet.registry.host());
    } finally {
      fleet.registry.restart();
    }
  }

  @Test
  void shouldBuildWhenTheRegistryComesBackWithinTheRetries() throws Exception {
    fleet.startBuilder("builder-a");
    BuildRequested request =
        fleet.requests.request(TestRequests.newBuildId(), "flaky:1", TestPrograms.dynamicHello());
    fleet.registry.stop();
    fleet.requester.publish(request).get();
    Thread.sleep(1_000);
    fleet.registry.restart();

    assertThat(fleet.events.awaitSucceeded(request.buildId()).image()).endsWith("/flaky:1");
  }

  @Test
  void shouldShareTheWorkWhenTwoBuildersAreInOneGroup() throws Exception {
    Builder first = fleet.startBuilder("builder-a");
    Builder second = fleet.startBuilder("builder-b");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                first.partitions() > 0
                    && second.partitions() > 0
                    && first.partitions() + second.partitions()
                        == Topics.BUILD_REQUESTS.partitions());

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(publishRequest("shared:" + i).buildId());
    }

    ids.forEach(fleet.events::awaitSucceeded);
    Set<String> builders =
        ids.stream()
            .flatMap(id -> fleet.events.started(id).stream())
            .map(BuildStarted::builder)
            .collect(Collectors.toSet());
    assertThat(builders).containsExactlyInAnyOrder("builder-a", "builder-b");
    assertThat(first.metrics().built() + second.metrics().built()).isEqualTo(12);
  }
}
