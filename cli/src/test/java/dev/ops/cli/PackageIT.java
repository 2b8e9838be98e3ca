package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages end to end: interpreters made from Debian's packages with {@code ops pkg from-deb} run
 * the user's script in a real VM, a package travels through a registry to a fresh machine, and a
 * hostile archive is refused.
 */
class PackageIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private Path home() {
    return work.resolve("home");
  }

  private OpsProcess.Result ops(String... args) {
    return OpsProcess.run(home(), work, args);
  }

  private void makeFromDebian(String debianPackage) {
    OpsProcess.Result made = ops("pkg", "from-deb", debianPackage);
    assertThat(made.exitCode()).as(made.stderr()).isZero();
  }

  @Test
  @Tag("vm")
  void pythonFromDebianRunsAScriptThatUsesJsonSslAndSqlite() {
    makeFromDebian("python3");
    TestPrograms.copyResource("imports.py", work);

    OpsProcess.Result result = ops("pkg", "load", "python3", "-a", "imports.py");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("\"sqlite\": 42").contains("\"ssl\": \"OpenSSL\"");
  }

  @Test
  @Tag("vm")
  void nodeFromDebianServesHttpThroughAForwardedPort() {
    makeFromDebian("nodejs");
    TestPrograms.copyResource("server.js", work);

    Served served = serve("/", "nodejs", "-a", "server.js", "-a", "8080");

    assertThat(served.body()).startsWith("node v18.").endsWith("says hello\n");
    assertThat(served.result().stdout()).contains("listening on 8080");
  }

  @Test
  @Tag("vm")
  void phpFromDebianServesAPageWithItsBuiltInServer() {
    makeFromDebian("php-cli");
    TestPrograms.copyResource("index.php", work);

    Served served =
        serve("/index.php", "php-cli", "-a", "-S", "-a", "0.0.0.0:8080", "-a", "index.php");

    assertThat(served.body()).startsWith("php 8.").contains(" serves 20");
    assertThat(served.result().stdout()).doesNotContain("timezone");
  }

  /** The first page a server answered with, and what ops printed once stopped. */
  private record Served(String body, OpsProcess.Result result) {}

  /**
   * Loads a package whose program serves HTTP on the guest's port 8080, forwarded to a free port
   * here; waits for the first 200 at {@code path}, then stops ops as a user would.
   */
  private Served serve(String path, String packageName, String... loadArgs) {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of("pkg", "load", packageName));
    command.addAll(List.of(loadArgs));
    command.addAll(List.of("-p", port + ":8080"));
    try (OpsProcess ops = OpsProcess.start(home(), work, command.toArray(String[]::new))) {
      String body = awaitHttp(port, path);
      ops.terminate();
      return new Served(body, ops.await(Duration.ofSeconds(60)));
    }
  }

  @Test
  @Tag("vm")
  void aPackageTravelsThroughARegistryToAFreshMachineAndRuns() throws IOException {
    Path program = TestPrograms.compile("argsenv.c", work, "-static");
    try (DockerRegistry registry = DockerRegistry.start(work.resolve("registry"))) {
      OpsEnvironment maker =
          OpsEnvironment.machine(work.resolve("maker"), OpsEnvironment.SHARED_KERNEL_CACHE)
              .with("OPS_REGISTRY", registry.url());
      OpsEnvironment fresh =
          OpsEnvironment.machine(work.resolve("fresh"), OpsEnvironment.SHARED_KERNEL_CACHE)
              .with("OPS_REGISTRY", registry.url());

      OpsProcess.Result made =
          maker.run(
              work,
              "pkg",
              "from-run",
              program.toString(),
              "--name",
              "greeter",
              "--version",
              "1.2.0",
              "-a",
              "from-the-package",
              "-e",
              "OPS_TEST=package default");
      maker.run(
          work, "pkg", "from-run", program.toString(), "--name", "greeter", "--version", "1.10.0");
      OpsProcess.Result pushed = maker.run(work, "pkg", "push", "greeter:1.2.0", "--json");
      OpsProcess.Result pushedNewer = maker.run(work, "pkg", "push", "greeter:1.10.0");
      OpsProcess.Result fetched = fresh.run(work, "pkg", "get", "greeter:1.2.0", "--json");
      OpsProcess.Result latest = fresh.run(work, "pkg", "get", "greeter");
      OpsProcess.Result loaded =
          fresh.run(work, "pkg", "load", "greeter:1.2.0", "-e", "OPS_TEST=user wins");

      assertThat(made.exitCode()).as(made.stderr()).isZero();
      assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();
      assertThat(pushedNewer.exitCode()).as(pushedNewer.stderr()).isZero();
      JsonNode push = JSON.readTree(pushed.stdout());
      assertThat(push.path("indexed").asBoolean())
          .as("CNCF Distribution has no package index")
          .isFalse();
      assertThat(fetched.exitCode()).as(fetched.stderr()).isZero();
      assertThat(JSON.readTree(fetched.stdout()).path("digest").asText())
          .isEqualTo(push.path("digest").asText());
      assertThat(latest.stdout()).as("latest is the highest version").startsWith("greeter:1.10.0 ");
      assertThat(loaded.exitCode()).as(loaded.stderr()).isZero();
      assertThat(loaded.stdout())
          .contains("arg[1]=from-the-package")
          .contains("OPS_TEST=user wins");
    }
  }

  @Test
  void aHostileArchiveIsRefusedAndLeavesNothingBehind() throws IOException {
    Path archive = HostileArchives.climbingOut(work.resolve("evil.tar.gz"));

    OpsProcess.Result result = ops("pkg", "add", archive.toString());

    assertThat(result.exitCode()).isEqualTo(OpsCommand.OPS_FAILURE);
    assertThat(result.stderr()).contains("points outside the target directory");
    assertThat(work.resolve("escaped")).doesNotExist();
    assertThat(JSON.readTree(ops("pkg", "list", "--json").stdout())).isEmpty();
    if (Files.exists(home())) {
      try (Stream<Path> left = Files.walk(home())) {
        assertThat(left.filter(Files::isRegularFile)).isEmpty();
      }
    }
  }

  private static String awaitHttp(int port, String path) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(3))
            .build();
    String[] body = new String[1];
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> response =
                  client.send(request, HttpResponse.BodyHandlers.ofString());
              body[0] = response.body();
              return response.statusCode() == 200;
            });
    return body[0];
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
