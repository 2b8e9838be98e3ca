package dev.ops.builder.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildRecordsTest {

  @Test
  void shouldTagARecordWithTheBuildIdWhenItIsAValidTag() {
    assertThat(BuildRecords.tagFor("b-01JF8ZQ3N6Y4T2W9K5C7D1E3G4"))
        .isEqualTo("build-b-01JF8ZQ3N6Y4T2W9K5C7D1E3G4");
  }

  @Test
  void shouldHashABuildIdThatCannotBeATag() {
    String tag = BuildRecords.tagFor("ci/web-pipeline#2231");

    assertThat(tag).matches("build-sha256-[0-9a-f]{40}");
    assertThat(BuildRecords.tagFor("ci/web-pipeline#2231")).as("stable").isEqualTo(tag);
    assertThat(BuildRecords.tagFor("x".repeat(200))).hasSizeLessThanOrEqualTo(128);
  }
}
