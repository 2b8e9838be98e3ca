/**
 * Pushing and pulling images and kernels to and from an OCI Distribution registry: our own registry
 * service, CNCF Distribution, or any registry that speaks the spec.
 *
 * <p>{@link dev.ops.core.registry.RegistryClient} speaks the HTTP API (streamed uploads and
 * downloads, resumable chunks and ranges, bearer tokens, bounded retries of transient faults);
 * {@link dev.ops.core.registry.ImagePusher}, {@link dev.ops.core.registry.ImagePuller}, {@link
 * dev.ops.core.registry.KernelPusher} and {@link dev.ops.core.registry.KernelPuller} move whole
 * artifacts between the local stores and a registry, verifying every digest before anything is
 * stored. {@link dev.ops.core.registry.RegistrySettings} says which registry and token to use.
 *
 * <p>This package must not hold blobs in memory (except manifests and configs, which are small),
 * must not store anything it has not verified, and must not depend on a framework: the CLI and the
 * services call it alike.
 */
package dev.ops.core.registry;
