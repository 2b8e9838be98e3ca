package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ops run} end to end: real programs in real VMs under QEMU. */
@Tag("vm")
class RunIT {

  @TempDir Path work;

  private Path home() {
    return work.resolve("home");
  }

  @Test
  void staticProgramPrintsItsLineAndOpsExitsWithItsStatus() {
    Path program = TestPrograms.compile("exit3.c", work, "-static");

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", program.toString());

    assertThat(result.stdout())
        .as("program output, without \\r")
        .isEqualTo("hello from a static program\n");
    assertThat(result.exitCode()).as("ops exits with the program's status").isEqualTo(3);
  }

  @Test
  void dynamicProgramSeesItsArgumentsAndEnvironment() {
    Path program = TestPrograms.compile("argsenv.c", work);

    OpsProcess.Result result =
        OpsProcess.run(
            home(),
            work,
            "run",
            program.toString(),
            "-a",
            "first",
            "-a",
            "two words",
            "-e",
            "OPS_TEST=from the host");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .isEqualTo(
            "arg[1]=first\narg[2]=two words\n" + "OPS_TEST=from the host\nline one\nline two\n");
  }

  @Test
  void httpServerAnswersThroughTheForwardedPort() throws Exception {
    Path program = TestPrograms.compile("http.c", work);
    int port = freePort();

    try (OpsProcess ops =
        OpsProcess.start(
            home(), work, "run", program.toString(), "-a", "8080", "-p", port + ":8080")) {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
              .timeout(Duration.ofSeconds(2))
              .build();

      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .until(
              () -> client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      ops.terminate();
      OpsProcess.Result result = ops.await(Duration.ofSeconds(60));

      assertThat(result.stdout()).contains("listening on 8080");
      assertThat(result.exitCode()).as("killed by SIGTERM: 128 + 15").isEqualTo(143);
    }
  }

  @Test
  void programKilledBySignalIsReportedAsSuch() {
    Path program = TestPrograms.compile("segv.c", work);

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", program.toString());

    assertThat(result.stdout()).isEqualTo("about to crash\n");
    assertThat(result.exitCode()).as("128 + SIGSEGV").isEqualTo(139);
    assertThat(result.stderr()).contains("killed by signal 11 (SIGSEGV)");
  }

  @Test
  void stoppingOpsGivesTheProgramSigtermAndItsOwnExitStatus() {
    Path program = TestPrograms.compile("sigterm.c", work);

    try (OpsProcess ops = OpsProcess.start(home(), work, "run", program.toString())) {
      await().atMost(Duration.ofSeconds(90)).until(() -> ops.stdoutSoFar().contains("ready"));
      ops.terminate();
      OpsProcess.Result result = ops.await(Duration.ofSeconds(60));

      assertThat(result.stdout()).as(result.stderr()).contains("got SIGTERM, cleaning up");
      assertThat(result.exitCode()).isEqualTo(7);
    }
  }

  @Test
  void theVmDiesWithOpsEvenWhenOpsIsKilledOutright() {
    Path program = TestPrograms.compile("sigterm.c", work);

    try (OpsProcess ops = OpsProcess.start(home(), work, "run", program.toString())) {
      await().atMost(Duration.ofSeconds(90)).until(() -> ops.stdoutSoFar().contains("ready"));
      List<ProcessHandle> vms = ops.descendants();
      assertThat(vms).as("QEMU runs under ops").isNotEmpty();

      ops.kill();

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(vms).noneMatch(ProcessHandle::isAlive));
    }
  }

  @Test
  void missingLibraryFailsBeforeBootListingWhatIsMissing() throws IOException {
    Path libraries = work.resolve("lib");
    Files.createDirectories(libraries);
    TestPrograms.copyResource("answer.c", work);
    TestPrograms.run(
        java.util.List.of(
            "gcc",
            "-shared",
            "-fPIC",
            "-o",
            libraries.resolve("libanswer.so").toString(),
            work.resolve("answer.c").toString()),
        work);
    Path program = TestPrograms.compile("needslib.c", work, "-L" + libraries, "-lanswer");
    Files.delete(libraries.resolve("libanswer.so"));

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", program.toString());

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr()).contains("libanswer.so").contains("/usr/lib/x86_64-linux-gnu");
    assertThat(result.stderr()).doesNotContain("KVM").as("it failed before any VM started");
  }

  @Test
  void staticProgramRunsOnQ35Too() {
    Path program = TestPrograms.compile("exit3.c", work, "-static");

    OpsProcess.Result result =
        OpsProcess.run(home(), work, "run", program.toString(), "--machine", "q35");

    assertThat(result.stdout()).isEqualTo("hello from a static program\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void kernelPanicIsReportedWithTheConsoleTail() {
    Path program = TestPrograms.compile("panic.c", work, "-static");

    // The stock kernel has the magic SysRq key the program crashes it with; the minimal one
    // leaves it out. This also keeps the stock flavour booting in the suite.
    OpsProcess.Result result =
        OpsProcess.run(home(), work, "run", program.toString(), "--kernel", "stock");

    assertThat(result.stdout()).startsWith("crashing the kernel");
    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr())
        .contains("Kernel panic - not syncing: sysrq triggered crash")
        .contains("last lines of the console");
  }

  @Test
  void portAlreadyInUseIsRefusedBeforeBoot() throws IOException {
    Path program = TestPrograms.compile("exit3.c", work, "-static");

    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      OpsProcess.Result result =
          OpsProcess.run(
              home(), work, "run", program.toString(), "-p", taken.getLocalPort() + ":8080");

      assertThat(result.exitCode()).isEqualTo(125);
      assertThat(result.stderr())
          .contains("port " + taken.getLocalPort())
          .contains("already in use");
    }
  }

  @Test
  void scriptIsRefusedAsNotAnElf() throws IOException {
    Path script = work.resolve("script.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", script.toString());

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr()).contains("script");
  }

  @Test
  void tooLittleMemoryIsRefusedWithTheMinimum() {
    Path program = TestPrograms.compile("exit3.c", work, "-static");

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", program.toString(), "-m", "16m");

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr()).contains("needs at least").contains("-m ");
  }

  @Test
  void configFileWithUnknownKeyIsRefusedNamingTheKey() throws IOException {
    Path program = TestPrograms.compile("exit3.c", work, "-static");
    Path config = work.resolve("config.json");
    Files.writeString(config, "{\"Program\": \"" + program + "\", \"Klingon\": 1}");

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", "-c", config.toString());

    assertThat(result.exitCode()).isEqualTo(125);
    assertThat(result.stderr()).contains("Klingon");
  }

  @Test
  void pythonFromDebianRunsAScriptThatUsesNativeExtensions() throws IOException {
    Path script = TestPrograms.copyResource("imports.py", work);
    String standardLibrary = "/usr/lib/python3.11";
    Path config = work.resolve("config.json");
    Files.writeString(
        config,
        "{\"Program\": \"/usr/bin/python3\", \"Args\": [\"/imports.py\"],"
            + " \"Files\": [\"imports.py\"], \"Dirs\": [\""
            + standardLibrary
            + "\"],"
            + " \"RunConfig\": {\"CPUs\": 1}}");

    OpsProcess.Result result = OpsProcess.run(home(), work, "run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("\"sqlite\": 42").contains("\"ssl\": \"OpenSSL\"");
    assertThat(script).exists();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
