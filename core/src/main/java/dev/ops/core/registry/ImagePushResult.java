package dev.ops.core.registry;

import java.util.Optional;

/**
 * An image pushed, with its kernel.
 *
 * @param kernel the kernel pushed alongside, empty when this machine does not have it
 */
public record ImagePushResult(PushResult image, Optional<PushResult> kernel) {}
