package dev.ops.runner.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.core.launch.VmUser;
import dev.ops.events.instance.InstancePhase;
import dev.ops.events.instance.LaunchRequested;
import dev.ops.events.instance.PortMapping;
import dev.ops.events.instance.RestartPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmUsersTest {

  private static final int BASE = 300_000;
  private final VmUsers users = VmUsers.from(BASE, List.of(993));

  @Test
  void eachVmGetsTheLowestUserNoOtherRunningVmHolds() {
    HostedInstance first = hosted("i-1", BASE);
    HostedInstance ended = hosted("i-2", BASE + 1).ended(InstancePhase.EXITED, null);
    HostedInstance third = hosted("i-3", BASE + 2);

    VmUser user = users.allocate(launch("i-4", 8080), List.of(first, ended, third)).orElseThrow();

    assertThat(user.uid()).as("the ended VM's user is free again").isEqualTo(BASE + 1);
    assertThat(user.gid()).isEqualTo(user.uid());
    assertThat(user.groups()).containsExactly(993);
  }

  @Test
  void aRestartedInstanceMayKeepItsOwnUser() {
    HostedInstance itself = hosted("i-1", BASE);

    assertThat(users.allocate(launch("i-1", 8080), List.of(itself)).orElseThrow().uid())
        .isEqualTo(BASE);
  }

  @Test
  void aVmForwardingAPortBelow1024RunsAsTheRunnersUser() {
    assertThat(users.allocate(launch("i-1", 80), List.of())).isEmpty();
  }

  @Test
  void noUsersWhenTheBaseIsZero() {
    assertThat(VmUsers.from(0, List.of()).allocate(launch("i-1", 8080), List.of())).isEmpty();
  }

  private static HostedInstance hosted(String id, int uid) {
    return HostedInstance.scheduled(launch(id, 8080), 1, 0).withVmUid(uid);
  }

  private static LaunchRequested launch(String id, int hostPort) {
    return new LaunchRequested(
        id,
        null,
        "r:5000/web:1",
        null,
        64,
        1,
        List.of(new PortMapping("127.0.0.1", hostPort, 80)),
        RestartPolicy.NO,
        null,
        "test");
  }
}
