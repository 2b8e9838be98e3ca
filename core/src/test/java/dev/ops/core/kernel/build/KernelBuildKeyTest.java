package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelBuildKeyTest {

  private static final byte[] FRAGMENT = "CONFIG_SMP=y\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void isSixtyFourHexDigitsAndStable() {
    String key = KernelBuildKey.of(FRAGMENT, "6.1.192-3", KernelBuildKey.RECIPE);

    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(KernelBuildKey.of(FRAGMENT.clone(), "6.1.192-3", KernelBuildKey.RECIPE))
        .isEqualTo(key);
  }

  @Test
  void changesWithTheFragmentTheSourceVersionAndTheRecipe() {
    String key = KernelBuildKey.of(FRAGMENT, "6.1.192-3", "r1");

    assertThat(
            KernelBuildKey.of(
                "CONFIG_SMP=y\n\n".getBytes(StandardCharsets.UTF_8), "6.1.192-3", "r1"))
        .isNotEqualTo(key);
    assertThat(KernelBuildKey.of(FRAGMENT, "6.1.192-4", "r1")).isNotEqualTo(key);
    assertThat(KernelBuildKey.of(FRAGMENT, "6.1.192-3", "r2")).isNotEqualTo(key);
  }

  @Test
  void movingBytesBetweenFragmentAndVersionGivesAnotherKey() {
    byte[] shorter = "CONFIG_SMP=".getBytes(StandardCharsets.UTF_8);

    assertThat(KernelBuildKey.of(shorter, "y\n6.1", "r"))
        .isNotEqualTo(
            KernelBuildKey.of("CONFIG_SMP=y\n".getBytes(StandardCharsets.UTF_8), "6.1", "r"));
  }

  @Test
  void theFragmentFormUsesItsBytes() {
    KernelConfigFragment fragment = KernelConfigFragment.parse("f", FRAGMENT);

    assertThat(KernelBuildKey.of(fragment, "6.1.192-3"))
        .isEqualTo(KernelBuildKey.of(FRAGMENT, "6.1.192-3", KernelBuildKey.RECIPE));
  }
}
