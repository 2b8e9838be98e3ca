package dev.ops.core.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortForwardTest {

  @Test
  void forwardsASinglePortToTheSamePortOnLoopback() {
    assertThat(PortForward.parse("8080")).isEqualTo(new PortForward("127.0.0.1", 8080, 8080));
  }

  @Test
  void forwardsAHostPortToAnotherGuestPort() {
    assertThat(PortForward.parse("8080:80")).isEqualTo(new PortForward("127.0.0.1", 8080, 80));
  }

  @Test
  void bindsToAGivenAddress() {
    assertThat(PortForward.parse("0.0.0.0:2222:22"))
        .isEqualTo(new PortForward("0.0.0.0", 2222, 22));
  }

  @Test
  void acceptsTheLowestAndHighestPorts() {
    assertThat(PortForward.parse("1:65535")).isEqualTo(new PortForward("127.0.0.1", 1, 65535));
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(
      strings = {
        "0",
        "70000",
        "abc",
        "",
        "8080:0",
        "65536:80",
        "-1",
        ":80",
        "1:2:3:4",
        "80.5",
        "0.0.0.0:x:80"
      })
  void rejectsInvalidForwardsQuotingThem(String text) {
    assertThatThrownBy(() -> PortForward.parse(text))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("'" + text + "' is not a port forward");
  }

  @Test
  void rejectsAForwardWithAnEmptyGuestPort() {
    assertThatThrownBy(() -> PortForward.parse("8080:")).isInstanceOf(OpsException.class);
  }

  @Test
  void writesQemusHostForwardOption() {
    assertThat(PortForward.parse("8080:80").toHostForward())
        .isEqualTo("hostfwd=tcp:127.0.0.1:8080-:80");
    assertThat(PortForward.parse("0.0.0.0:2222:22").toHostForward())
        .isEqualTo("hostfwd=tcp:0.0.0.0:2222-:22");
  }

  @Test
  void describesItselfForPeople() {
    assertThat(PortForward.parse("8080:80")).hasToString("127.0.0.1:8080->80");
  }
}
