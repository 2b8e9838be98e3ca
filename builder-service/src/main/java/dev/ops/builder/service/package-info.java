/**
 * The Quarkus adapter: {@code ops.builder.*} configuration, one {@link
 * dev.ops.builder.build.Builder} started and stopped with the application, readiness for Kafka and
 * the registry, liveness for the consumer loop. Metrics come from the builder through Micrometer.
 */
package dev.ops.builder.service;
