package dev.ops.runner.place;

import java.util.Map;

/** A live runner as placement sees it: who it is and what it has left. */
public record Candidate(
    String runnerId, Map<String, String> labels, int vcpusFree, long memoryMibFree) {

  public Candidate {
    labels = Map.copyOf(labels);
  }

  boolean fits(int cpus, long memoryMib) {
    return vcpusFree >= cpus && memoryMibFree >= memoryMib;
  }
}
