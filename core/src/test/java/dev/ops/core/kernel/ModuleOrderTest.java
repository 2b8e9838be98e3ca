package dev.ops.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ops.core.OpsException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleOrderTest {

  /** The virtio modules of a Debian cloud kernel, as their .modinfo lists them. */
  private static final Map<String, List<String>> DEBIAN =
      Map.of(
          "virtio_net", List.of("net_failover", "virtio_ring"),
          "net_failover", List.of("failover"),
          "failover", List.of(),
          "virtio_blk", List.of("virtio_ring"),
          "virtio_ring", List.of(),
          "virtio_rng", List.of(),
          "virtio_mmio", List.of("virtio_ring"));

  private static List<String> order(Map<String, List<String>> graph, String... wanted) {
    return ModuleOrder.of(List.of(wanted), graph::get);
  }

  @Test
  void putsDependenciesBeforeTheModulesThatNeedThem() {
    assertThat(order(DEBIAN, "virtio_net"))
        .containsExactly("failover", "net_failover", "virtio_ring", "virtio_net");
  }

  @Test
  void loadsASharedDependencyOnce() {
    assertThat(order(DEBIAN, "virtio_net", "virtio_blk", "virtio_mmio"))
        .containsExactly(
            "failover", "net_failover", "virtio_ring", "virtio_net", "virtio_blk", "virtio_mmio");
  }

  @Test
  void keepsTheWantedOrderOfIndependentModules() {
    assertThat(order(DEBIAN, "virtio_rng", "failover")).containsExactly("virtio_rng", "failover");
  }

  @Test
  void listsAWantedModuleOnceWhenAnotherAlreadyNeededIt() {
    assertThat(order(DEBIAN, "virtio_net", "virtio_ring"))
        .containsExactly("failover", "net_failover", "virtio_ring", "virtio_net");
  }

  @Test
  void ordersNothingForNothingWanted() {
    assertThat(order(DEBIAN)).isEmpty();
  }

  @Test
  void rejectsAnUnknownWantedModuleNamingIt() {
    assertThatThrownBy(() -> order(DEBIAN, "virtio_gpu"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("virtio_gpu");
  }

  @Test
  void rejectsAnUnknownDependencyNamingIt() {
    Map<String, List<String>> graph = Map.of("virtio_net", List.of("missing_dep"));

    assertThatThrownBy(() -> order(graph, "virtio_net"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("missing_dep");
  }

  @Test
  void rejectsACycle() {
    Map<String, List<String>> graph =
        Map.of(
            "a", List.of("b"),
            "b", List.of("c"),
            "c", List.of("a"));

    assertThatThrownBy(() -> order(graph, "a"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("cycle");
  }

  @Test
  void rejectsAModuleThatDependsOnItself() {
    Map<String, List<String>> graph = Map.of("a", List.of("a"));

    assertThatThrownBy(() -> order(graph, "a"))
        .isInstanceOf(OpsException.class)
        .hasMessageContaining("cycle");
  }
}
