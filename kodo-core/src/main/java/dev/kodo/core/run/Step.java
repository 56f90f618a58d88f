package dev.kodo.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One ended step of a run: a unit of work inside a workflow, which maps to a span of the run's trace.
 *
 * @param name          the step's name, e.g. {@code charge_card}
 * @param status        how it ended
 * @param startedAt     when it started
 * @param durationNanos how long it took, in nanoseconds (measured with a monotonic clock)
 * @param parent        the name of the step it ran inside, or {@code null} for a top-level step
 * @param error         the error, only on the step where it was first recorded: an enclosing step that the same
 *                      exception passed through is {@link StepStatus#FAILED} with a {@code null} error
 */
public record Step(String name, StepStatus status, Instant startedAt, long durationNanos, String parent,
                   ErrorInfo error) {

    public Step {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /** How long the step took. */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /** When the step ended. */
    public Instant endedAt() {
        return startedAt.plusNanos(durationNanos);
    }

    /** {@code true} when the step errored. */
    public boolean failed() {
        return status == StepStatus.FAILED;
    }
}
