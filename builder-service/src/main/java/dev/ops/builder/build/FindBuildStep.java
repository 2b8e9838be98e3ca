package dev.ops.builder.build;

/**
 * Looks for an earlier build of the same id in the registry: a redelivered or repeated request is
 * answered with that build's result, without building again.
 */
final class FindBuildStep implements BuildStep {

  private final BuildRecords records;

  FindBuildStep(BuildRecords records) {
    this.records = records;
  }

  @Override
  public String name() {
    return "find-build";
  }

  @Override
  public String run(BuildContext build) {
    build.result = records.find(build.image, build.request.buildId()).orElse(null);
    return build.result == null ? "not built before" : "built before as " + build.result.image();
  }
}
