package dev.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import dev.ops.events.instance.InstanceExited;
import dev.ops.events.instance.InstanceFailed;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.PortMapping;
import dev.ops.events.instance.RestartPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetLaunchTest {

  @Test
  void theFlagsBecomeALaunchRequest() {
    LaunchRequested launch =
        FleetLaunch.request(
            "i-1",
            "web",
            "localhost:5050/web:1",
            null,
            "512m",
            2,
            List.of("8080", "0.0.0.0:9090:90"),
            "on-failure:3",
            null,
            List.of("zone=eu-1"));

    assertThat(launch.memoryMib()).isEqualTo(512);
    assertThat(launch.cpus()).isEqualTo(2);
    assertThat(launch.ports())
        .containsExactly(
            new PortMapping("127.0.0.1", 8080, 8080), new PortMapping("0.0.0.0", 9090, 90));
    assertThat(launch.restart()).isEqualTo(RestartPolicy.onFailure(3));
    assertThat(launch.placement().labels()).isEqualTo(Map.of("zone", "eu-1"));
  }

  @Test
  void withoutFlagsALaunchHasTheDefaultsAndGoesAnywhere() {
    LaunchRequested launch =
        FleetLaunch.request(
            "i-1", null, "r:5000/x:1", null, null, 0, List.of(), null, null, List.of());

    assertThat(launch.memoryMib()).isEqualTo(256);
    assertThat(launch.cpus()).isEqualTo(1);
    assertThat(launch.restart()).isEqualTo(RestartPolicy.NO);
    assertThat(launch.placement()).isNull();
  }

  @Test
  void aBadRestartPolicyOrLabelIsRefusedWithWhatToWrite() {
    assertThatThrownBy(
            () ->
                FleetLaunch.request(
                    "i-1",
                    null,
                    "r:5000/x:1",
                    null,
                    null,
                    1,
                    List.of(),
                    "sometimes",
                    null,
                    List.of()))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("restart policy");
    assertThatThrownBy(() -> FleetLaunch.placement(null, List.of("zone")))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("'zone' is not a label");
  }

  @Test
  void theExitStatusIsTheProgramsOr125WhenTheInstanceFailed() {
    assertThat(FleetLaunch.statusOf(new InstanceExited("i-1", "r", 3, null, false))).isEqualTo(3);
    assertThat(
            FleetLaunch.statusOf(
                new InstanceFailed("i-1", "r", "boot", "kernel panic", List.of("panic"))))
        .isEqualTo(125);
  }

  @Test
  void deployedReplicasHaveIdsFollowingFromTheirName() {
    assertThat(DeployCommand.replicaId("api", 2)).isEqualTo("d-api-2");
    assertThat(DeployCommand.replicaId("my.api", 1)).isEqualTo("d-my-api-1");
  }
}
