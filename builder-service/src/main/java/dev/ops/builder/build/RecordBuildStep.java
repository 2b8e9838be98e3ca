package dev.ops.builder.build;

/** Leaves the record that answers a repeated request for this build without building again. */
final class RecordBuildStep implements BuildStep {

  private final BuildRecords records;

  RecordBuildStep(BuildRecords records) {
    this.records = records;
  }

  @Override
  public String name() {
    return "record-build";
  }

  @Override
  public String run(BuildContext build) {
    build.result = build.succeeded();
    records.record(build.image, build.result, build.manifestSize);
    return "tagged " + BuildRecords.tagFor(build.request.buildId());
  }
}
