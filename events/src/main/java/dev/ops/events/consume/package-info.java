/**
 * Reading a command topic at least once: bounded concurrency, one key at a time, offsets committed
 * only past records whose outcome is published, partitions handed over cleanly on a rebalance.
 * Knows nothing about builds.
 */
package dev.ops.events.consume;
