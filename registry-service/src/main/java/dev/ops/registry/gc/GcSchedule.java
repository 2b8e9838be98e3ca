package dev.ops.registry.gc;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs the garbage collector every {@code ops.registry.gc.every} ("off" to disable). */
@ApplicationScoped
public class GcSchedule {

  @Inject GarbageCollector collector;

  @Scheduled(
      identity = "registry-gc",
      every = "${ops.registry.gc.every}",
      delayed = "5m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> collect() {
    return collector.collect().replaceWithVoid();
  }
}
