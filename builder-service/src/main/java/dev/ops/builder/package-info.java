/**
 * builder-service: builds the fleet's images. Consumes {@code dev.ops.build.requested.v1} from
 * Kafka as one member of the builders' consumer group, builds each request with the same core as
 * {@code ops build}, pushes the image to the registry and publishes what happened.
 *
 * <p>{@code build} holds the plain-Java builder (steps, events, idempotency), {@code consume} the
 * Kafka consumer loop with its commit discipline, {@code service} the thin Quarkus adapter
 * (configuration, lifecycle, health). It must not build images any other way than the core does,
 * must not commit a request's offset before its outcome is published, and must not hold request
 * blobs in memory.
 */
package dev.ops.builder;
