package dev.kodo.server.health;

import dev.kodo.core.health.DurationSketch;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Keeps the rollups (per workflow and minute, and per workflow and hour) in step with the runs, so that Process
 * Health over a million runs reads a few hundred rows.
 *
 * <p>Every change to the runs of a closed minute leaves a mark ({@code rollup_marks}); this job takes marks,
 * recomputes their minutes from the raw runs and their hours from the minutes, and deletes the marks, in one
 * transaction. Until then the minute counts as dirty and queries read its raw runs, so the numbers never lag.
 * Several server instances may run it at once: marks are claimed with {@code SKIP LOCKED}, and each minute and
 * hour is recomputed under an advisory lock, taken in one global order (minutes, then hours, each sorted).
 */
@Component
public class RollupJob {

    /** Minutes still open (or closed less than this long ago) are left to the raw queries. */
    static final Duration GRACE = Duration.ofSeconds(2);
    static final int MINUTE = 1;
    static final int HOUR = 60;
    /** (workflow, minute) pairs rolled up per transaction. */
    private static final int KEYS_PER_BATCH = 500;

    /**
     * Takes the marks of the oldest dirty (workflow, minute) pairs, skipping marks another instance has claimed
     * (locked) meanwhile: instances never wait on each other here, and a pair split between two of them is
     * recomputed by both, each under the pair's advisory lock, from the same committed runs. A mark committed
     * after this statement started stays for the next pass; every mark taken was committed, so its runs are
     * visible to the reads that follow in this transaction.
     */
    private static final String CLAIM = """
            WITH k AS (SELECT DISTINCT minute, project, workflow FROM rollup_marks WHERE minute <= ?
                       ORDER BY minute LIMIT ?),
                 m AS (SELECT ctid FROM rollup_marks r
                       WHERE (r.minute, r.project, r.workflow) IN (SELECT minute, project, workflow FROM k)
                       FOR UPDATE SKIP LOCKED)
            DELETE FROM rollup_marks d USING m
            WHERE d.ctid = m.ctid
            RETURNING d.project, d.workflow, d.minute
            """;
    private static final String RAW = """
            SELECT workflow, status, duration_ms, failed_step, steps FROM runs
            WHERE project = ? AND closed_at >= ? AND closed_at < ? AND workflow = ANY(?)
            """;
    private static final String MINUTE_ROWS = """
            SELECT workflow, step, ok, failed, lost, failing, durations FROM rollups
            WHERE project = ? AND width = 1 AND bucket >= ? AND bucket < ? AND workflow = ANY(?)
            """;
    private static final String DELETE = "DELETE FROM rollups WHERE project = ? AND width = ? AND bucket = ? AND workflow = ANY(?)";
    private static final String INSERT = """
            INSERT INTO rollups (project, width, bucket, workflow, step, ok, failed, lost, failing, durations)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final DataSource dataSource;
    private final Clock clock;

    public RollupJob(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Rolls up every closed minute that has marks.
     *
     * @return how many (workflow, minute) pairs were rolled up
     */
    public int rollUp() throws SQLException {
        int total = 0;
        int taken;
        do {
            taken = rollUpBatch();
            total += taken;
        } while (taken == KEYS_PER_BATCH);
        return total;
    }

    /** The last minute that counts as closed at {@code now}: its rollup may be computed. */
    static Instant lastClosedMinute(Instant now) {
        return now.minus(GRACE).truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
    }

    private int rollUpBatch() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int taken = rollUpBatch(c);
                c.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private int rollUpBatch(Connection c) throws SQLException {
        // project -> minute -> workflows, and project -> hour -> workflows; sorted, which also orders the locks
        Map<String, Map<Instant, TreeSet<String>>> minutes = new TreeMap<>();
        int taken = 0;
        try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setTimestamp(1, Timestamp.from(lastClosedMinute(clock.instant())));
            ps.setInt(2, KEYS_PER_BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (minutes.computeIfAbsent(rs.getString(1), p -> new TreeMap<>())
                            .computeIfAbsent(rs.getTimestamp(3).toInstant(), m -> new TreeSet<>())
                            .add(rs.getString(2))) {
                        taken++;
                    }
                }
            }
        }
        if (taken == 0) {
            return 0;
        }
        Map<String, Map<Instant, TreeSet<String>>> hours = new TreeMap<>();
        List<Long> minuteLocks = new ArrayList<>();
        List<Long> hourLocks = new ArrayList<>();
        minutes.forEach((project, byMinute) -> byMinute.forEach((minute, workflows) -> {
            Instant hour = minute.truncatedTo(ChronoUnit.HOURS);
            for (String workflow : workflows) {
                minuteLocks.add(lockKey(MINUTE, project, workflow, minute));
                if (hours.computeIfAbsent(project, p -> new TreeMap<>())
                        .computeIfAbsent(hour, h -> new TreeSet<>()).add(workflow)) {
                    hourLocks.add(lockKey(HOUR, project, workflow, hour));
                }
            }
        }));
        lock(c, minuteLocks);
        lock(c, hourLocks);
        for (Map.Entry<String, Map<Instant, TreeSet<String>>> p : minutes.entrySet()) {
            for (Map.Entry<Instant, TreeSet<String>> m : p.getValue().entrySet()) {
                Map<String, WorkflowTally> tallies = readRaw(c, p.getKey(), m.getKey(), m.getValue());
                write(c, p.getKey(), MINUTE, m.getKey(), m.getValue(), tallies);
            }
        }
        for (Map.Entry<String, Map<Instant, TreeSet<String>>> p : hours.entrySet()) {
            for (Map.Entry<Instant, TreeSet<String>> h : p.getValue().entrySet()) {
                Map<String, WorkflowTally> tallies = readMinutes(c, p.getKey(), h.getKey(), h.getValue());
                write(c, p.getKey(), HOUR, h.getKey(), h.getValue(), tallies);
            }
        }
        return taken;
    }

    private static Map<String, WorkflowTally> readRaw(Connection c, String project, Instant minute,
                                                      TreeSet<String> workflows) throws SQLException {
        Map<String, WorkflowTally> tallies = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(RAW)) {
            ps.setString(1, project);
            ps.setTimestamp(2, Timestamp.from(minute));
            ps.setTimestamp(3, Timestamp.from(minute.plus(1, ChronoUnit.MINUTES)));
            ps.setArray(4, c.createArrayOf("text", workflows.toArray()));
            ps.setFetchSize(2000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double duration = rs.getDouble(3);
                    tallies.computeIfAbsent(rs.getString(1), w -> new WorkflowTally())
                            .addRun(rs.getString(2), rs.wasNull() ? null : duration, rs.getString(4), rs.getString(5));
                }
            }
        }
        return tallies;
    }

    private static Map<String, WorkflowTally> readMinutes(Connection c, String project, Instant hour,
                                                          TreeSet<String> workflows) throws SQLException {
        Map<String, WorkflowTally> tallies = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(MINUTE_ROWS)) {
            ps.setString(1, project);
            ps.setTimestamp(2, Timestamp.from(hour));
            ps.setTimestamp(3, Timestamp.from(hour.plus(1, ChronoUnit.HOURS)));
            ps.setArray(4, c.createArrayOf("text", workflows.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tallies.computeIfAbsent(rs.getString(1), w -> new WorkflowTally())
                            .addRow(rs.getString(2), readTally(rs, 3));
                }
            }
        }
        return tallies;
    }

    /** Reads ok, failed, lost, failing and durations from {@code column} on; durations may be {@code NULL}. */
    static Tally readTally(ResultSet rs, int column) throws SQLException {
        Tally tally = new Tally();
        tally.ok = rs.getLong(column);
        tally.failed = rs.getLong(column + 1);
        tally.lost = rs.getLong(column + 2);
        tally.failing = rs.getLong(column + 3);
        byte[] sketch = rs.getBytes(column + 4);
        if (sketch != null) {
            tally.durations = DurationSketch.fromBytes(sketch);
        }
        return tally;
    }

    private static void write(Connection c, String project, int width, Instant bucket, TreeSet<String> workflows,
                              Map<String, WorkflowTally> tallies) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(DELETE)) {
            delete.setString(1, project);
            delete.setInt(2, width);
            delete.setTimestamp(3, Timestamp.from(bucket));
            delete.setArray(4, c.createArrayOf("text", workflows.toArray()));
            delete.executeUpdate();
        }
        if (tallies.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Map.Entry<String, WorkflowTally> w : tallies.entrySet()) {
                addRow(insert, project, width, bucket, w.getKey(), WorkflowTally.RUN, w.getValue().runs);
                for (Map.Entry<String, Tally> s : w.getValue().steps.entrySet()) {
                    addRow(insert, project, width, bucket, w.getKey(), s.getKey(), s.getValue());
                }
            }
            insert.executeBatch();
        }
    }

    private static void addRow(PreparedStatement insert, String project, int width, Instant bucket, String workflow,
                               String step, Tally tally) throws SQLException {
        insert.setString(1, project);
        insert.setInt(2, width);
        insert.setTimestamp(3, Timestamp.from(bucket));
        insert.setString(4, workflow);
        insert.setString(5, step);
        insert.setLong(6, tally.ok);
        insert.setLong(7, tally.failed);
        insert.setLong(8, tally.lost);
        insert.setLong(9, tally.failing);
        insert.setBytes(10, tally.durations.toBytes());
        insert.addBatch();
    }

    private static void lock(Connection c, List<Long> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        Long[] sorted = keys.stream().sorted().distinct().toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(k) FROM unnest(?::int8[]) AS k")) {
            ps.setArray(1, c.createArrayOf("int8", sorted));
            ps.executeQuery().close();
        }
    }

    /** A 64-bit FNV-1a hash naming one (width, project, workflow, bucket); a collision only serializes more. */
    static long lockKey(int width, String project, String workflow, Instant bucket) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (width + "\u0000" + project + "\u0000" + workflow + "\u0000" + bucket.getEpochSecond())
                .getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
