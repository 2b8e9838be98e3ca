package dev.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/up, deploy/status and deploy/down: the whole fleet on this machine from a clean state,
 * with a state directory, an {@code OPS_HOME} and ports of the test's own, driven as a user does,
 * through the scripts and the packaged ops command line.
 */
class StackIT {

  private static final Pattern INSTANCE_ID = Pattern.compile("requested instance (i-[0-9a-f-]+)");

  @TempDir Path work;

  private TestStack stack;

  @AfterEach
  void stopStack() {
    if (stack != null) {
      stack.tearDown();
    }
  }

  @Test
  @Tag("vm")
  void shouldRunAFleetProgramAndKeepImagesHistoryAndVmsAcrossDownAndUp() throws Exception {
    stack = TestStack.under(work, Map.of());
    StackScript.Result up = stack.up();
    assertThat(up.exitCode()).as("%s", up).isZero();
    assertThat(up.output())
        .contains("stack: up in")
        .contains("http://" + stack.registryAddress())
        .contains(stack.opsHome.resolve("config.json").toString());
    assertThat(stack.status().exitCode()).as("status of a stack that is up").isZero();

    Path hello = StaticPrograms.compile("hello.c", work);
    Processes.Finished run = stack.ops("run", "--fleet", hello.toString());
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(3);
    assertThat(run.stdout()).isEqualTo("hello from the stack\n");
    String helloId = instanceId(run);
    assertThat(instanceRow(helloId)).contains("exited").contains(" 3 ");

    String waiter = createWaitingInstance();
    StackScript.Result down = stack.down();
    assertThat(down.exitCode()).as("%s", down).isZero();
    assertThat(down.output()).contains("1 VM(s) keep running (" + waiter + ")");
    assertThat(stack.status().exitCode()).as("status of a stack that is down").isEqualTo(3);
    assertThat(stack.vms()).as("VMs outlive the runner").containsOnlyKeys(waiter);

    StackScript.Result again = stack.up();
    assertThat(again.exitCode()).as("%s", again).isZero();
    assertThat(registryTags("hello")).contains("\"latest\"");
    assertThat(instanceRow(helloId)).as("history kept").contains("exited").contains(" 3 ");
    assertThat(instanceRow(waiter)).contains("running");

    StackScript.Result stopped = stack.down("--stop-instances");
    assertThat(stopped.exitCode()).as("%s", stopped).isZero();
    assertThat(stopped.output()).as("the runner took its VM back").contains(waiter + " exited 0");
    assertThat(stack.vms()).isEmpty();
    assertThat(stack.status().exitCode()).isEqualTo(3);
  }

  @Test
  void shouldStartNothingAndNameTheHolderWhenAPortIsTaken() throws IOException {
    try (ServerSocket holder = FreePorts.occupy()) {
      // The runner starts last: a refusal there proves every port is checked before any start.
      String port = Integer.toString(holder.getLocalPort());
      stack = TestStack.under(work, Map.of("OPS_RUNNER_PORT", port));

      StackScript.Result refused = stack.up();

      assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
      assertThat(refused.output())
          .contains("port " + port + " (runner HTTP) is already taken by java")
          .contains("OPS_RUNNER_PORT")
          .contains("Nothing was started");
      assertThat(stack.status().exitCode()).as("status after the refusal").isEqualTo(3);
      assertThat(stack.stateDirectory.resolve("kafka/data")).doesNotExist();
    }
  }

  @Test
  void shouldStopWhatItStartedAndShowTheLogWhenAComponentDoesNotBecomeReady() {
    stack = TestStack.under(work, Map.of("OPS_REGISTRY_HEAP", "1m"));

    StackScript.Result failed = stack.up();

    assertThat(failed.exitCode()).as("%s", failed).isEqualTo(1);
    assertThat(failed.output())
        .contains("registry: the service exited before it was ready")
        .contains("Too small maximum heap")
        .contains("stopping what this deploy/up started")
        .contains("postgres: stopped")
        .contains("kafka: stopped");
    assertThat(stack.status().exitCode()).as("status after the failed up").isEqualTo(3);
  }

  /** An instance that runs until it is stopped, made with the fleet's build and create. */
  private String createWaitingInstance() {
    Path waits = StaticPrograms.compile("waits.c", work);
    Processes.Finished built = stack.ops("build", "--fleet", waits.toString(), "-i", "waits");
    assertThat(built.exitCode()).as(built.stderr()).isZero();
    String image = stack.registryAddress() + "/waits:latest";
    Processes.Finished created =
        stack.ops("instance", "create", "--fleet", image, "--name", "waiter");
    assertThat(created.exitCode()).as(created.stderr()).isZero();
    return created.stdout().strip();
  }

  private static String instanceId(Processes.Finished run) {
    Matcher id = INSTANCE_ID.matcher(run.stderr());
    assertThat(id.find()).as("the instance id in: %s", run.stderr()).isTrue();
    return id.group(1);
  }

  /** The instance's line of {@code ops instance list --fleet}. */
  private String instanceRow(String id) {
    Processes.Finished list = stack.ops("instance", "list", "--fleet");
    assertThat(list.exitCode()).as(list.stderr()).isZero();
    return list.stdout().lines().filter(line -> line.startsWith(id)).findFirst().orElse("");
  }

  private String registryTags(String repository) throws IOException, InterruptedException {
    URI tags = URI.create("http://" + stack.registryAddress() + "/v2/" + repository + "/tags/list");
    HttpRequest request =
        HttpRequest.newBuilder(tags)
            .header("Authorization", "Bearer " + stack.registryToken())
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
