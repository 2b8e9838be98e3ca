/**
 * A build as a chain of named steps ({@code find-build}, {@code pull-kernel}, {@code pull-blobs},
 * {@code inspect-program}, {@code write-layers}, {@code push-image}, {@code record-build}), each
 * retried with backoff on transient faults, each failure naming its step. {@link
 * dev.ops.builder.build.Builder} assembles one builder instance from its settings.
 */
package dev.ops.builder.build;
