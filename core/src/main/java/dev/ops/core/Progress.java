package dev.ops.core;

/**
 * Where the core reports what it is doing. Front ends decide how to show it: the CLI prints
 * milestones to standard error, services log them, tests may ignore them.
 */
public interface Progress {

  /** A milestone worth telling a person, such as "fetched kernel X in 2.1 s". */
  void milestone(String message);

  /** Detail for people who asked for it (retries, commands run). */
  default void detail(String message) {}

  Progress SILENT = message -> {};
}
