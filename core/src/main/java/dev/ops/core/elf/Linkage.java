package dev.ops.core.elf;

/** How an ELF file gets its code into memory, which decides what else an image must carry. */
public enum Linkage {
  /** A program the kernel can run alone, linked at a fixed address ({@code gcc -static}). */
  STATIC,

  /**
   * A program the kernel can run alone, which relocates itself ({@code gcc -static-pie}): an {@code
   * ET_DYN} file marked {@code DF_1_PIE} without {@code PT_INTERP}.
   */
  STATIC_PIE,

  /** A file naming a dynamic loader in {@code PT_INTERP}: it needs that loader and libraries. */
  DYNAMIC,

  /**
   * A shared library without {@code PT_INTERP}: it is loaded by a dynamic loader, never run alone.
   * The dynamic loader itself is one.
   */
  SHARED_LIBRARY,

  /** An object file or kernel module: it is linked or inserted into a kernel, never run. */
  RELOCATABLE
}
