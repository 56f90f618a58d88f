package dev.kodo.core.run;

import java.time.Duration;
import java.time.Instant;

/**
 * A run that has started and not yet ended, as sinks and reporters see it. Implementations are thread-safe.
 * <pre>{@code
 * for (InFlightRun run : kodo.inFlight()) {
 *     if (run.isStuck(Instant.now(), Duration.ofMinutes(15))) {
 *         log.warn("{} {} has been running since {}", run.workflow(), run.id(), run.startedAt());
 *     }
 * }
 * }</pre>
 */
public interface InFlightRun {

    /** Stuck-after used when neither the run, nor its workflow's setting, nor the configuration gives one. */
    Duration DEFAULT_STUCK_AFTER = Duration.ofMinutes(15);

    /** The run's id. */
    String id();

    /** The workflow it belongs to. */
    String workflow();

    /** When it started. */
    Instant startedAt();

    /**
     * The stuck-after this run carries: its own hint, else its workflow's setting in this process; {@code null}
     * when neither exists (the server then applies its setting for the workflow, else 15 minutes).
     */
    Duration stuckAfter();

    /**
     * A {@link RunStatus#RUNNING} snapshot with the steps that have ended so far, ready to ship.
     */
    Run snapshot();

    /** {@code true} when the run has been in flight longer than {@code stuckAfter} at {@code now}. */
    default boolean isStuck(Instant now, Duration stuckAfter) {
        return stuckAfter != null && startedAt().plus(stuckAfter).isBefore(now);
    }
}
