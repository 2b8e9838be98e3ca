package dev.ops.core.kernel.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KernelBuildKeyTest {

  private static final byte[] FRAGMENT = "CONFIG_SMP=y\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PATCH = "--- a/x\n+++ b/x\n".getBytes(StandardCharsets.UTF_8);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void isSixtyFourHexDigitsAndStable() {
    String key = KernelBuildKey.of(FRAGMENT, PATCH, "6.1.192-3", KernelBuildKey.RECIPE);

    assertThat(key).matches("[0-9a-f]{64}");
    assertThat(
            KernelBuildKey.of(FRAGMENT.clone(), PATCH.clone(), "6.1.192-3", KernelBuildKey.RECIPE))
        .isEqualTo(key);
  }

  @Test
  void changesWithTheFragmentThePatchTheSourceVersionAndTheRecipe() {
    String key = KernelBuildKey.of(FRAGMENT, PATCH, "6.1.192-3", "r1");

    assertThat(KernelBuildKey.of(bytes("CONFIG_SMP=y\n\n"), PATCH, "6.1.192-3", "r1"))
        .isNotEqualTo(key);
    assertThat(KernelBuildKey.of(FRAGMENT, bytes("--- a/y\n+++ b/y\n"), "6.1.192-3", "r1"))
        .as("another patch")
        .isNotEqualTo(key);
    assertThat(KernelBuildKey.of(FRAGMENT, PATCH, "6.1.192-4", "r1")).isNotEqualTo(key);
    assertThat(KernelBuildKey.of(FRAGMENT, PATCH, "6.1.192-3", "r2")).isNotEqualTo(key);
  }

  @Test
  void movingBytesBetweenPartsGivesAnotherKey() {
    assertThat(KernelBuildKey.of(bytes("CONFIG_SMP="), bytes(""), "y\n6.1", "r"))
        .isNotEqualTo(KernelBuildKey.of(bytes("CONFIG_SMP=y\n"), bytes(""), "6.1", "r"));
    assertThat(KernelBuildKey.of(bytes("CONFIG_SMP=y\n--- a"), bytes(""), "6.1", "r"))
        .as("bytes moved from the patch to the fragment")
        .isNotEqualTo(KernelBuildKey.of(bytes("CONFIG_SMP=y\n"), bytes("--- a"), "6.1", "r"));
  }

  @Test
  void theObjectFormUsesTheFragmentsAndThePatchsBytes() {
    KernelConfigFragment fragment = KernelConfigFragment.parse("f", FRAGMENT);
    KernelSourcePatch patch = KernelSourcePatch.of("p", PATCH);

    assertThat(KernelBuildKey.of(fragment, patch, "6.1.192-3"))
        .isEqualTo(KernelBuildKey.of(FRAGMENT, PATCH, "6.1.192-3", KernelBuildKey.RECIPE));
  }
}
