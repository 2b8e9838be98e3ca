package dev.ops.builder.build;

/**
 * One named step of a build. Names are verb-noun in kebab case ({@code pull-blobs}), the same in
 * progress events, failures, logs and metrics.
 */
interface BuildStep {

  String name();

  /**
   * Does the step's work on the build's context.
   *
   * @return what was done, for the progress event (such as "3 blobs, 2.0 MiB, 1 from the cache")
   */
  String run(BuildContext build) throws Exception;
}
