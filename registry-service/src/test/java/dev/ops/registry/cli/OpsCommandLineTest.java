package dev.ops.registry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ops.registry.support.Registry;
import dev.ops.registry.support.RegistryTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ops command against this registry, as users and CI pipelines use it: images and their kernels
 * pushed from one machine and pulled onto a fresh one, packages pushed, listed in the package
 * index, searched and fetched.
 */
@QuarkusTest
@WithTestResource(RegistryTestResource.class)
class OpsCommandLineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private String registry;
  private OpsCommandLine maker;
  private OpsCommandLine fresh;

  @BeforeEach
  void twoMachines() {
    assumeTrue(Files.isRegularFile(OpsCommandLine.JAR), "build the cli module first");
    registry = "127.0.0.1:" + RestAssured.port;
    maker =
        OpsCommandLine.machine(work.resolve("maker"), OpsCommandLine.SHARED_KERNEL_CACHE)
            .with("OPS_REGISTRY", "http://" + registry)
            .with("OPS_REGISTRY_TOKEN", Registry.PUSH_TOKEN);
    fresh =
        OpsCommandLine.machine(work.resolve("fresh"), work.resolve("fresh-kernels"))
            .with("OPS_REGISTRY", "http://" + registry);
  }

  @Test
  @Tag("vm")
  void anImageAndItsKernelArePushedAndPulledOntoAFreshMachine() throws IOException {
    OpsCommandLine.Result built = maker.run("build", "/bin/echo", "-i", "echo-image");
    OpsCommandLine.Result pushed = maker.run("image", "push", "echo-image", "--json");
    OpsCommandLine.Result pushedAgain = maker.run("image", "push", "echo-image", "--json");
    OpsCommandLine.Result pulled =
        fresh.run("image", "pull", registry + "/echo-image:latest", "--json");
    OpsCommandLine.Result kernels = fresh.run("kernel", "list", "--json");

    assertThat(built.exitCode()).as(built.stderr()).isZero();
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    JsonNode push = JSON.readTree(pushed.stdout());
    assertThat(push.path("kernel").path("reference").asText()).startsWith(registry + "/kernels/");
    assertThat(JSON.readTree(pushedAgain.stdout()).path("blobs").path("transferred").asInt())
        .as("nothing is sent twice")
        .isZero();
    String kernelReference = push.path("kernel").path("reference").asText();
    String kernelName = kernelReference.substring(kernelReference.lastIndexOf(':') + 1);
    assertThat(pulled.exitCode()).as(pulled.stderr()).isZero();
    JsonNode pull = JSON.readTree(pulled.stdout());
    assertThat(pull.path("digest").asText()).isEqualTo(push.path("digest").asText());
    assertThat(pull.path("kernel").path("name").asText())
        .as("the kernel came along")
        .isEqualTo(kernelName);
    assertThat(kernels.stdout()).contains(kernelName);
  }

  @Test
  void aPackageIsPushedIndexedSearchedAndFetched() throws IOException {
    OpsCommandLine.Result made =
        maker.run(
            "pkg",
            "from-run",
            "/bin/echo",
            "--name",
            "echo-tool",
            "--version",
            "2.0",
            "--description",
            "Prints its ARGUMENTS");
    OpsCommandLine.Result older =
        maker.run("pkg", "from-run", "/bin/echo", "--name", "echo-tool", "--version", "1.9");
    OpsCommandLine.Result pushed = maker.run("pkg", "push", "echo-tool:2.0", "--json");
    OpsCommandLine.Result pushedOlder = maker.run("pkg", "push", "echo-tool:1.9", "--json");
    OpsCommandLine.Result listed = fresh.run("pkg", "list", "--registry", "--json");
    OpsCommandLine.Result found = fresh.run("pkg", "search", "arguments", "--json");
    OpsCommandLine.Result notFound = fresh.run("pkg", "search", "no-such-thing");
    OpsCommandLine.Result fetched = fresh.run("pkg", "get", "echo-tool", "--json");
    OpsCommandLine.Result described = fresh.run("pkg", "describe", "echo-tool", "--json");

    assertThat(made.exitCode()).as(made.stderr()).isZero();
    assertThat(older.exitCode()).as(older.stderr()).isZero();
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    assertThat(pushedOlder.exitCode()).as(pushedOlder.stderr()).isZero();
    JsonNode push = JSON.readTree(pushed.stdout());
    assertThat(push.path("indexed").asBoolean()).isTrue();
    assertThat(push.path("reference").asText()).isEqualTo(registry + "/packages/echo-tool:2.0");
    assertThat(JSON.readTree(pushedOlder.stdout()).path("blobs").path("transferred").asInt())
        .as("the same files are one blob, already there")
        .isEqualTo(1);
    assertThat(listed.stdout()).contains("\"echo-tool\"", "\"2.0\"", "\"1.9\"");
    assertThat(JSON.readTree(found.stdout()))
        .extracting(entry -> entry.path("version").asText())
        .containsExactly("2.0");
    assertThat(notFound.exitCode()).isEqualTo(1);
    assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
    assertThat(JSON.readTree(fetched.stdout()).path("digest").asText())
        .as("latest is the highest version, byte for byte")
        .isEqualTo(push.path("digest").asText());
    assertThat(JSON.readTree(described.stdout()).path("description").asText())
        .isEqualTo("Prints its ARGUMENTS");
  }

  @Test
  @Tag("vm")
  void aPackageFoundInTheIndexRunsOnAnotherMachine() {
    OpsCommandLine.Result made =
        maker.run(
            "pkg",
            "from-run",
            "/bin/echo",
            "--name",
            "shout",
            "--version",
            "1.0",
            "--description",
            "echo, shared through the registry");
    OpsCommandLine.Result pushed = maker.run("pkg", "push", "shout:1.0");
    OpsCommandLine runner =
        OpsCommandLine.machine(work.resolve("runner"), OpsCommandLine.SHARED_KERNEL_CACHE)
            .with("OPS_REGISTRY", "http://" + registry);
    OpsCommandLine.Result found = runner.run("pkg", "search", "shared through");
    OpsCommandLine.Result fetched = runner.run("pkg", "get", "shout");
    OpsCommandLine.Result loaded = runner.run("pkg", "load", "shout", "-a", "hello from the index");

    assertThat(made.exitCode()).as(made.stderr()).isZero();
    assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
    assertThat(found.stdout()).contains("shout", "1.0");
    assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
    assertThat(loaded.exitCode()).as(loaded.stderr()).isZero();
    assertThat(loaded.stdout()).isEqualTo("hello from the index\n");
  }

  @Test
  void aPushWithoutTheTokenIsRefusedWithTheReason() {
    OpsCommandLine.Result made =
        maker.run("pkg", "from-run", "/bin/echo", "--name", "untrusted", "--version", "1.0");
    OpsCommandLine.Result refused =
        maker.without("OPS_REGISTRY_TOKEN").run("pkg", "push", "untrusted:1.0");

    assertThat(made.exitCode()).as(made.stderr()).isZero();
    assertThat(refused.exitCode()).isEqualTo(125);
    assertThat(refused.stderr()).containsIgnoringCase("token");
    assertThat(fresh.run("pkg", "get", "untrusted:1.0").exitCode()).isEqualTo(125);
  }
}
