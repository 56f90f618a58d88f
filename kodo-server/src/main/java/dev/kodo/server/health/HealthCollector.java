package dev.kodo.server.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import dev.kodo.core.wire.WireFormat;
import org.springframework.stereotype.Component;

/**
 * Tallies what ended in a window, per workflow and per time bucket, from three sources that never overlap:
 * hour rollups, minute rollups, and the raw runs of the partial minutes at the window's edges and of the
 * dirty minutes (those with runs the {@link RollupJob} has not rolled up yet). The result is the same as
 * tallying every raw run of the window; only the durations go through a {@code DurationSketch} (1 % relative
 * error) on every path.
 */
@Component
public class HealthCollector {

    /** How much to collect about steps. */
    enum Steps {
        /** Nothing. */
        NONE,
        /** Only how many failed runs failed at each step (no step durations). */
        FAILING,
        /** Counts, failures, failing runs and durations of every step. */
        ALL
    }

    /** The tallies of a window: per workflow, the whole window and each bucket. */
    static final class Collected {
        final Instant from;
        final Instant to;
        final Instant origin;
        final Duration width;
        final int bucketCount;
        final Map<String, WorkflowData> workflows = new TreeMap<>();

        Collected(Instant from, Instant to, Instant origin, Duration width, int bucketCount) {
            this.from = from;
            this.to = to;
            this.origin = origin;
            this.width = width;
            this.bucketCount = bucketCount;
        }

        /**
         * How much of the window bucket {@code index} covers: all of its width, but less for the buckets at the
         * window's edges, which hold only the runs of their part inside it.
         */
        Duration bucketSpan(int index) {
            Instant start = bucketStart(index);
            Instant lo = start.isBefore(from) ? from : start;
            Instant end = width == null ? to : start.plus(width);
            Instant hi = end.isAfter(to) ? to : end;
            return hi.isAfter(lo) ? Duration.between(lo, hi) : Duration.ZERO;
        }

        WorkflowData workflow(String name) {
            return workflows.computeIfAbsent(name, n -> new WorkflowData(bucketCount));
        }

        int bucketOf(Instant t) {
            return width == null ? 0 : (int) Math.min(bucketCount - 1,
                    Duration.between(origin, t).toMillis() / width.toMillis());
        }

        Instant bucketStart(int index) {
            return width == null ? origin : origin.plus(width.multipliedBy(index));
        }
    }

    /** One workflow's tallies: the window as a whole (runs and steps) and the runs per bucket. */
    static final class WorkflowData {
        final WorkflowTally total = new WorkflowTally();
        final Tally[] buckets;

        WorkflowData(int bucketCount) {
            buckets = new Tally[bucketCount];
            for (int i = 0; i < bucketCount; i++) {
                buckets[i] = new Tally();
            }
        }
    }

    private static final String MARKS = """
            SELECT DISTINCT workflow, minute FROM rollup_marks
            WHERE project = ? AND minute >= ? AND minute < ? AND (?::text IS NULL OR workflow = ?::text)
            """;
    // Each range is read by its own index scan: a LATERAL subquery (kept apart by OFFSET 0), else the planner,
    // not knowing how narrow the ranges are, scans the whole table.
    private static final String ROLLUPS = """
            SELECT r.* FROM unnest(?::text[], ?::text[]) AS q(lo, hi) CROSS JOIN LATERAL (
                SELECT workflow, step, bucket, ok, failed, lost, failing, CASE WHEN step = '' OR ? THEN durations END
                FROM rollups
                WHERE project = ? AND width = ? AND bucket >= q.lo::timestamptz AND bucket < q.hi::timestamptz
                    AND (?::text IS NULL OR workflow = ?::text) AND (step = '' OR (? AND (? OR failing > 0)))
                OFFSET 0) r
            """;
    private static final String RAW = """
            SELECT r.* FROM unnest(?::text[], ?::text[], ?::text[]) AS q(lo, hi, workflow) CROSS JOIN LATERAL (
                SELECT workflow, status, closed_at, duration_ms, failed_step, CASE WHEN ? THEN steps END
                FROM runs
                WHERE project = ? AND closed_at >= q.lo::timestamptz AND closed_at < q.hi::timestamptz
                    AND (q.workflow IS NULL OR workflow = q.workflow)
                OFFSET 0) r
            """;

    private final DataSource dataSource;

    public HealthCollector(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Tallies the runs of {@code project} that ended (or were declared lost) in [{@code from}, {@code to}).
     *
     * @param workflow one workflow, or {@code null} for all
     * @param width    bucket width, a whole number of minutes; {@code null} for one bucket spanning the window
     */
    Collected collect(String project, String workflow, Instant from, Instant to, Duration width, Steps steps)
            throws SQLException {
        Collected out;
        if (width == null) {
            out = new Collected(from, to, from, null, 1);
        } else {
            long w = width.toMillis();
            Instant origin = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), w) * w);
            out = new Collected(from, to, origin, width, (int) Math.max(1, ceilDiv(Duration.between(origin, to).toMillis(), w)));
        }
        Instant minuteLo = ceil(from, ChronoUnit.MINUTES);
        Instant minuteHi = to.truncatedTo(ChronoUnit.MINUTES);
        try (Connection c = dataSource.getConnection()) {
            // One snapshot for every statement: marks, rollups and raw runs agree with each other.
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try {
                if (!minuteLo.isBefore(minuteHi)) {
                    raw(c, project, out, List.of(new Range(from, to, workflow)), steps);
                } else {
                    collectWithRollups(c, project, workflow, from, to, minuteLo, minuteHi, steps, out);
                }
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        }
        return out;
    }

    private void collectWithRollups(Connection c, String project, String workflow, Instant from, Instant to,
                                    Instant minuteLo, Instant minuteHi, Steps steps, Collected out)
            throws SQLException {
        Map<String, Set<Instant>> dirty = dirtyMinutes(c, project, workflow, minuteLo, minuteHi);
        Set<Instant> dirtyHours = new TreeSet<>();
        Map<String, Set<Instant>> dirtyHoursOf = new HashMap<>();
        dirty.forEach((w, minutes) -> minutes.forEach(m -> {
            Instant hour = m.truncatedTo(ChronoUnit.HOURS);
            dirtyHours.add(hour);
            dirtyHoursOf.computeIfAbsent(w, k -> new HashSet<>()).add(hour);
        }));

        boolean hoursFit = out.width == null || out.width.toMillis() % Duration.ofHours(1).toMillis() == 0;
        Instant hourLo = ceil(minuteLo, ChronoUnit.HOURS);
        Instant hourHi = minuteHi.truncatedTo(ChronoUnit.HOURS);
        boolean useHours = hoursFit && hourLo.isBefore(hourHi);

        List<Range> minuteRanges = new ArrayList<>();
        if (useHours) {
            rollups(c, project, workflow, RollupJob.HOUR, List.of(new Range(hourLo, hourHi, null)), steps, out,
                    (w, bucket) -> !dirtyHoursOf.getOrDefault(w, Set.of()).contains(bucket));
            addRange(minuteRanges, minuteLo, hourLo);
            for (Instant hour : dirtyHours) {
                if (!hour.isBefore(hourLo) && hour.isBefore(hourHi)) {
                    addRange(minuteRanges, hour, hour.plus(1, ChronoUnit.HOURS));
                }
            }
            addRange(minuteRanges, hourHi, minuteHi);
        } else {
            addRange(minuteRanges, minuteLo, minuteHi);
        }
        rollups(c, project, workflow, RollupJob.MINUTE, minuteRanges, steps, out, (w, minute) -> {
            Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
            boolean hourUsed = useHours && !hour.isBefore(hourLo) && hour.isBefore(hourHi)
                    && !dirtyHoursOf.getOrDefault(w, Set.of()).contains(hour);
            return !hourUsed && !dirty.getOrDefault(w, Set.of()).contains(minute);
        });

        List<Range> rawRanges = new ArrayList<>();
        if (from.isBefore(minuteLo)) {
            rawRanges.add(new Range(from, minuteLo, workflow));
        }
        if (minuteHi.isBefore(to)) {
            rawRanges.add(new Range(minuteHi, to, workflow));
        }
        dirty.forEach((w, minutes) -> minutes.forEach(m -> rawRanges.add(new Range(m, m.plus(1, ChronoUnit.MINUTES), w))));
        raw(c, project, out, rawRanges, steps);
    }

    private static Map<String, Set<Instant>> dirtyMinutes(Connection c, String project, String workflow,
                                                          Instant lo, Instant hi) throws SQLException {
        Map<String, Set<Instant>> dirty = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MARKS)) {
            ps.setString(1, project);
            ps.setTimestamp(2, Timestamp.from(lo));
            ps.setTimestamp(3, Timestamp.from(hi));
            ps.setString(4, workflow);
            ps.setString(5, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dirty.computeIfAbsent(rs.getString(1), w -> new HashSet<>()).add(rs.getTimestamp(2).toInstant());
                }
            }
        }
        return dirty;
    }

    /** Decides whether a rollup row of (workflow, bucket start) is used. */
    private interface RowFilter {
        boolean use(String workflow, Instant bucket);
    }

    private static void rollups(Connection c, String project, String workflow, int width, List<Range> ranges,
                                Steps steps, Collected out, RowFilter filter) throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(ROLLUPS)) {
            ps.setArray(1, c.createArrayOf("text", ranges.stream().map(r -> WireFormat.formatTimestamp(r.from)).toArray()));
            ps.setArray(2, c.createArrayOf("text", ranges.stream().map(r -> WireFormat.formatTimestamp(r.to)).toArray()));
            ps.setBoolean(3, steps == Steps.ALL);
            ps.setString(4, project);
            ps.setInt(5, width);
            ps.setString(6, workflow);
            ps.setString(7, workflow);
            ps.setBoolean(8, steps != Steps.NONE);
            ps.setBoolean(9, steps == Steps.ALL);
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String w = rs.getString(1);
                    Instant bucket = rs.getTimestamp(3).toInstant();
                    if (!filter.use(w, bucket)) {
                        continue;
                    }
                    String step = rs.getString(2);
                    Tally tally = RollupJob.readTally(rs, 4);
                    WorkflowData data = out.workflow(w);
                    if (WorkflowTally.RUN.equals(step)) {
                        data.buckets[out.bucketOf(bucket)].merge(tally);
                    }
                    data.total.addRow(step, tally);
                }
            }
        }
    }

    private static void raw(Connection c, String project, Collected out, List<Range> ranges, Steps steps)
            throws SQLException {
        if (ranges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(RAW)) {
            ps.setArray(1, c.createArrayOf("text", ranges.stream().map(r -> WireFormat.formatTimestamp(r.from)).toArray()));
            ps.setArray(2, c.createArrayOf("text", ranges.stream().map(r -> WireFormat.formatTimestamp(r.to)).toArray()));
            ps.setArray(3, c.createArrayOf("text", ranges.stream().map(r -> r.workflow).toArray()));
            ps.setBoolean(4, steps == Steps.ALL);
            ps.setString(5, project);
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(2);
                    double d = rs.getDouble(4);
                    Double duration = rs.wasNull() ? null : d;
                    WorkflowData data = out.workflow(rs.getString(1));
                    data.buckets[out.bucketOf(rs.getTimestamp(3).toInstant())].addRun(status, duration);
                    data.total.addRun(status, duration, rs.getString(5), rs.getString(6));
                }
            }
        }
    }

    private record Range(Instant from, Instant to, String workflow) {
    }

    private static void addRange(List<Range> ranges, Instant from, Instant to) {
        if (from.isBefore(to)) {
            ranges.add(new Range(from, to, null));
        }
    }

    private static Instant ceil(Instant t, ChronoUnit unit) {
        Instant floor = t.truncatedTo(unit);
        return floor.equals(t) ? t : floor.plus(1, unit);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
