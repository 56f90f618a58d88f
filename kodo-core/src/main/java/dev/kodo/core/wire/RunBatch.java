package dev.kodo.core.wire;

import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /api/v1/runs}: who sends, the runs, and (in heartbeats) which runs are still in flight.
 *
 * @param resource the sender
 * @param runs     runs to upsert; {@code running} ones are in flight, the others final
 * @param inflight ids of runs this sender still has in flight, reported with each heartbeat; {@code null} when
 *                 the batch makes no statement about them
 */
public record RunBatch(Resource resource, List<Run> runs, List<String> inflight) {

    public RunBatch {
        Objects.requireNonNull(resource, "resource");
        runs = runs == null ? List.of() : List.copyOf(runs);
        inflight = inflight == null ? null : List.copyOf(inflight);
    }

    /** A batch of runs with no heartbeat. */
    public static RunBatch of(Resource resource, List<Run> runs) {
        return new RunBatch(resource, runs, null);
    }
}
