package dev.ops.events.topic;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the fleet's topics that do not exist yet. Services call it when they start, so a new
 * cluster needs no manual step; existing topics are left exactly as they are.
 */
public final class TopicCreator {

  private static final long TIMEOUT_SECONDS = 30;

  private TopicCreator() {}

  /** Creates the missing ones of {@link Topics#all()}. */
  public static Set<String> createMissing(Admin admin, short replicationFactor) {
    return createMissing(admin, Topics.all(), replicationFactor);
  }

  /**
   * Creates the missing ones of {@code topics}.
   *
   * @return the names of the topics this call created
   * @throws IllegalStateException when the cluster refuses or does not answer in time
   */
  public static Set<String> createMissing(
      Admin admin, Collection<Topic> topics, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing =
          topics.stream()
              .filter(topic -> !existing.contains(topic.name()))
              .map(topic -> topic.newTopic(replicationFactor))
              .toList();
      return missing.isEmpty() ? Set.of() : create(admin, missing);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not create the ops topics: "
              + e.getMessage()
              + "; check that the brokers are reachable and allow topic creation",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the ops topics", e);
    }
  }

  private static Set<String> create(Admin admin, List<NewTopic> missing)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> created = new LinkedHashSet<>();
    for (Map.Entry<String, KafkaFuture<Void>> result :
        admin.createTopics(missing).values().entrySet()) {
      if (createdNow(result.getValue())) {
        created.add(result.getKey());
      }
    }
    return Set.copyOf(created);
  }

  private static boolean createdNow(KafkaFuture<Void> creation)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      creation.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      // Another service starting at the same moment created it first: that is success too.
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }
}
