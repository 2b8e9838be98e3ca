package dev.ops.events.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ops.events.EventType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldListEveryTopicAnEventTypeIsPublishedOn() {
    assertThat(Topics.all())
        .containsAll(Arrays.stream(EventType.values()).map(EventType::topic).toList());
  }

  @Test
  void shouldGiveEveryTopicItsOwnName() {
    assertThat(Topics.all().stream().map(Topic::name)).doesNotHaveDuplicates();
  }

  @Test
  void shouldKeepTheLatestInstanceStateForever() {
    assertThat(Topics.INSTANCE_STATE.configs((short) 3))
        .containsEntry("cleanup.policy", "compact")
        .containsEntry("retention.ms", "-1")
        .containsEntry("segment.ms", "3600000")
        .containsEntry("min.insync.replicas", "2");
  }

  @Test
  void shouldDeleteRequestsAfterAWeek() {
    assertThat(Topics.BUILD_REQUESTS.configs((short) 1))
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", "604800000")
        .containsEntry("min.insync.replicas", "1")
        .doesNotContainKey("segment.ms");
  }
}
