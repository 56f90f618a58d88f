package dev.kodo.core.health;

import java.time.Duration;
import java.time.Instant;

/**
 * A run in flight for longer than its stuck-after.
 *
 * @param runId      the run's id
 * @param startedAt  when it started
 * @param age        how long it has been running
 * @param stuckAfter the threshold it crossed
 */
public record StuckRun(String runId, Instant startedAt, Duration age, Duration stuckAfter) {
}
