package dev.kodo.collector;

import dev.kodo.collector.source.SourceException;
import java.time.Duration;
import java.util.Map;

/**
 * What one pass over all processes did, printed as one line.
 *
 * @param number      1 for the first pass
 * @param rowsRead    rows read: new or changed rows found by the scan, plus pending rows found finished when
 *                    re-read (pending rows still unfinished are not counted)
 * @param runsShipped runs delivered (accepted by the server, or printed by --dry-run)
 * @param pending     rows read while unfinished that are still being watched
 * @param stuck       of those, how many have been running longer than their stuck_after (default 15 min)
 * @param took        how long the pass took
 * @param failures    processes whose database could not be read, with why
 * @param stopped     the pass stopped early because the collector was asked to stop
 */
public record PassSummary(int number, int rowsRead, int runsShipped, int pending, int stuck, Duration took,
                          Map<String, SourceException> failures, boolean stopped) {

    public PassSummary {
        failures = Map.copyOf(failures);
    }

    /** {@code pass 3: 120 rows read, 118 runs shipped, 2 pending, 0 stuck (14 ms)}. */
    public String line() {
        return String.format("pass %d: %,d rows read, %,d runs shipped, %,d pending, %,d stuck (%,d ms)%s%s", number,
                rowsRead, runsShipped, pending, stuck, took.toMillis(),
                failures.isEmpty() ? "" : "; not read: " + String.join(", ", failures.keySet()),
                stopped ? "; stopped early" : "");
    }
}
