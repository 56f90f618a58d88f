package dev.kodo.core.health;

import java.time.Duration;
import java.time.Instant;

/**
 * A failed run, as the local aggregate remembers it.
 *
 * @param runId        the run's id
 * @param endedAt      when it ended
 * @param failedStep   the first step that errored, or {@code null} when the body itself threw
 * @param errorType    the exception class, or {@code null}
 * @param errorMessage the exception message, or {@code null}
 * @param duration     how long the run took
 */
public record RecentFailure(String runId, Instant endedAt, String failedStep, String errorType, String errorMessage,
                            Duration duration) {
}
