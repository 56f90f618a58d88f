package dev.kodo.core.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The health of one workflow in this process, since the process started.
 *
 * @param workflow       the workflow's name
 * @param runs           runs that ended ({@code ok + failed})
 * @param ok             runs that ended without an errored step
 * @param failed         runs whose body threw or one of whose steps errored
 * @param completionRate {@code ok / runs}, from 0 to 1; {@code null} before the first run ended
 * @param p50            median end-to-end duration of ended runs (1 % relative error); {@code null} if none
 * @param p95            95th percentile duration; {@code null} if none
 * @param p99            99th percentile duration; {@code null} if none
 * @param inFlight       runs running now
 * @param stuck          runs running now for longer than their stuck-after
 * @param failuresByStep how many failed runs failed at each step ({@code failedStep}); runs that failed
 *                       outside any step are not in it
 * @param recentFailures the last failed runs, newest first (at most 10)
 * @param stuckRuns      the oldest stuck runs, oldest first (at most 10)
 */
public record WorkflowHealth(String workflow, long runs, long ok, long failed, Double completionRate,
                             Duration p50, Duration p95, Duration p99, int inFlight, int stuck,
                             Map<String, Long> failuresByStep, List<RecentFailure> recentFailures,
                             List<StuckRun> stuckRuns) {

    public WorkflowHealth {
        failuresByStep = Map.copyOf(failuresByStep);
        recentFailures = List.copyOf(recentFailures);
        stuckRuns = List.copyOf(stuckRuns);
    }
}
