package dev.ops.core.kernel;

import java.nio.file.Path;

/** One loadable kernel module: its file on the host and where the init finds it in the guest. */
public record KernelModule(String name, Path file, String guestPath) {}
