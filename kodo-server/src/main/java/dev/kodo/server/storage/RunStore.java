package dev.kodo.server.storage;

import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Writes batches of runs: an upsert by (project, run id) under the monotonic status rule, the heartbeat's
 * {@code inflight} list, and a rollup mark for every minute whose numbers changed, all in one transaction.
 *
 * <p>The rule: a {@code running} record updates a {@code running} run unless it has fewer steps (a late retry of
 * an older record must not undo newer steps; a run's steps only ever grow while it runs); a final record
 * ({@code ok}/{@code failed}) replaces a {@code running} or {@code lost} run; nothing changes a final run, so
 * senders may retry freely and each run is counted once. (The step count is that of the stored
 * {@link StepSummary}: one line per step.)
 */
@Component
public class RunStore {

    /** A running SDK run is declared lost after this many heartbeat intervals without news of it. */
    public static final int MISSED_HEARTBEATS = 3;

    private static final String UPSERT = """
            INSERT INTO runs AS r (project, id, workflow, status, started_at, ended_at, closed_at, duration_ms,
                failed_step, error_type, error_message, source, service, instance, stuck_after_ms, lost_after,
                steps, body, received_at)
            SELECT ?, u.id, u.workflow, u.status, u.started_at::timestamptz, u.ended_at::timestamptz,
                u.ended_at::timestamptz, u.duration_ms, u.failed_step, u.error_type, u.error_message, u.source, ?, ?,
                u.stuck_after_ms, CASE WHEN u.watched THEN ?::timestamptz END, u.steps, u.body, ?::timestamptz
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::int8[], ?::bool[], ?::text[], ?::text[])
                AS u(id, workflow, status, started_at, ended_at, duration_ms, failed_step, error_type, error_message,
                     source, stuck_after_ms, watched, steps, body)
            ON CONFLICT (project, id) DO UPDATE SET
                workflow = excluded.workflow, status = excluded.status, started_at = excluded.started_at,
                ended_at = excluded.ended_at, closed_at = excluded.closed_at, duration_ms = excluded.duration_ms,
                failed_step = excluded.failed_step, error_type = excluded.error_type,
                error_message = excluded.error_message, source = excluded.source, service = excluded.service,
                instance = excluded.instance, stuck_after_ms = excluded.stuck_after_ms,
                lost_after = excluded.lost_after, steps = excluded.steps, body = excluded.body,
                received_at = excluded.received_at
            WHERE (r.status = 'running' AND (excluded.status <> 'running'
                        OR length(excluded.steps) - length(replace(excluded.steps, chr(10), ''))
                           >= length(r.steps) - length(replace(r.steps, chr(10), ''))))
                OR (r.status = 'lost' AND excluded.status <> 'running')
            RETURNING workflow, status, closed_at, lost_at,
                CASE WHEN lost_at IS NOT NULL
                     THEN (SELECT o.workflow FROM runs o WHERE o.project = r.project AND o.id = r.id) END
            """;

    private static final String HEARD_OF = """
            UPDATE runs SET lost_after = ?
            WHERE project = ? AND id = ANY(?) AND status = 'running' AND lost_after IS NOT NULL
            """;

    private static final String MARK = """
            INSERT INTO rollup_marks (project, workflow, minute)
            SELECT ?, t.workflow, t.minute::timestamptz FROM unnest(?::text[], ?::text[]) AS t(workflow, minute)
            """;

    private final DataSource dataSource;
    private final Clock clock;

    public RunStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * A run of the batch that was not stored.
     *
     * @param index   its position in the batch's runs
     * @param field   the offending field within the run ({@code endedAt}, {@code steps[2].name}), or {@code null}
     *                when PostgreSQL refused the run without saying which field
     * @param message what was wrong
     */
    public record Refused(int index, String field, String message) {
    }

    /**
     * Stores a decoded batch for {@code project}, in one transaction. A run the server cannot store (see
     * {@link Storable}) is left out; should PostgreSQL still refuse a value, the batch is stored again run by run,
     * each under a savepoint, so that only the runs it refuses are left out.
     *
     * @return the runs left out; every other run of the batch is stored or was already stored
     * @throws SQLException when the database could not store the batch for reasons of its own (unreachable, full)
     */
    public List<Refused> store(String project, RunBatch batch) throws SQLException {
        Objects.requireNonNull(project, "project");
        List<Refused> refused = new ArrayList<>();
        List<Run> storable = new ArrayList<>(batch.runs().size());
        List<Integer> positions = new ArrayList<>(batch.runs().size());
        for (int i = 0; i < batch.runs().size(); i++) {
            Storable.Problem problem = Storable.problemOf(batch.runs().get(i));
            if (problem == null) {
                storable.add(batch.runs().get(i));
                positions.add(i);
            } else {
                refused.add(new Refused(i, problem.field(), problem.message()));
            }
        }
        Instant now = clock.instant();
        Resource resource = batch.resource();
        Timestamp lostAfter = resource.heartbeatIntervalMs() > 0
                ? Timestamp.from(now.plusMillis(MISSED_HEARTBEATS * resource.heartbeatIntervalMs())) : null;
        // No stored run can have an id PostgreSQL cannot hold: such ids in inflight stand for nothing.
        List<String> inflight = batch.inflight() == null ? List.of()
                : batch.inflight().stream().filter(Storable::storableText).toList();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Run> runs = winners(storable);
                Set<Mark> marks = runs.isEmpty() ? Set.of() : upsert(c, project, resource, runs, lostAfter, now);
                finish(c, project, inflight, lostAfter, marks);
                return refused;
            } catch (SQLException e) {
                c.rollback();
                if (!refusesData(e)) {
                    throw e;
                }
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
            Set<Mark> marks = new LinkedHashSet<>();
            try {
                // In order, one at a time: the outcome is the one winners() picks for the whole batch.
                for (int i = 0; i < storable.size(); i++) {
                    Savepoint before = c.setSavepoint();
                    try {
                        marks.addAll(upsert(c, project, resource, List.of(storable.get(i)), lostAfter, now));
                        c.releaseSavepoint(before);
                    } catch (SQLException e) {
                        if (!refusesData(e)) {
                            throw e;
                        }
                        c.rollback(before);
                        refused.add(new Refused(positions.get(i), null, "PostgreSQL could not store it: " + e.getMessage()));
                    }
                }
                finish(c, project, inflight, lostAfter, marks);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        refused.sort(Comparator.comparingInt(Refused::index));
        return refused;
    }

    /** The heartbeat's {@code inflight} list and the rollup marks, then commit. */
    private static void finish(Connection c, String project, List<String> inflight, Timestamp lostAfter,
                               Set<Mark> marks) throws SQLException {
        if (lostAfter != null && !inflight.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(HEARD_OF)) {
                ps.setTimestamp(1, lostAfter);
                ps.setString(2, project);
                ps.setArray(3, c.createArrayOf("text", inflight.toArray()));
                ps.executeUpdate();
            }
        }
        mark(c, project, marks);
        c.commit();
    }

    /**
     * {@code true} when PostgreSQL (or the driver, before sending) refused the values themselves: a data exception
     * (SQLSTATE class 22), a constraint (23) or a size limit (54). Retrying such a batch would fail forever.
     */
    static boolean refusesData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /**
     * Marks the minutes of {@code marks} for a new rollup. Call it in the transaction that changed their runs.
     */
    static void mark(Connection c, String project, Set<Mark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        String[] workflows = new String[marks.size()];
        String[] minutes = new String[marks.size()];
        int i = 0;
        for (Mark m : marks) {
            workflows[i] = m.workflow();
            minutes[i++] = WireFormat.formatTimestamp(m.minute());
        }
        try (PreparedStatement ps = c.prepareStatement(MARK)) {
            ps.setString(1, project);
            ps.setArray(2, c.createArrayOf("text", workflows));
            ps.setArray(3, c.createArrayOf("text", minutes));
            ps.executeUpdate();
        }
    }

    /** A workflow's minute whose rollup must be recomputed. */
    record Mark(String workflow, Instant minute) {
        static Mark of(String workflow, Instant at) {
            return new Mark(workflow, at.truncatedTo(ChronoUnit.MINUTES));
        }
    }

    private static Set<Mark> upsert(Connection c, String project, Resource resource, List<Run> runs,
                                    Timestamp lostAfter, Instant now) throws SQLException {
        int n = runs.size();
        String[] ids = new String[n];
        String[] workflows = new String[n];
        String[] statuses = new String[n];
        String[] startedAt = new String[n];
        String[] endedAt = new String[n];
        Double[] durations = new Double[n];
        String[] failedSteps = new String[n];
        String[] errorTypes = new String[n];
        String[] errorMessages = new String[n];
        String[] sources = new String[n];
        Long[] stuckAfter = new Long[n];
        Boolean[] watched = new Boolean[n];
        String[] steps = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            Run run = runs.get(i);
            ids[i] = run.id();
            workflows[i] = run.workflow();
            statuses[i] = run.status().wireName();
            startedAt[i] = WireFormat.formatTimestamp(run.startedAt());
            endedAt[i] = run.endedAt() == null ? null : WireFormat.formatTimestamp(run.endedAt());
            Duration duration = run.duration();
            durations[i] = duration == null ? null : duration.toNanos() / 1e6;
            failedSteps[i] = run.failedStep();
            errorTypes[i] = run.error() == null ? null : run.error().type();
            errorMessages[i] = run.error() == null ? null : run.error().message();
            sources[i] = run.source();
            stuckAfter[i] = run.stuckAfter() == null ? null : run.stuckAfter().toMillis();
            watched[i] = lostAfter != null && run.status() == RunStatus.RUNNING && Run.SOURCE_SDK.equals(run.source());
            steps[i] = StepSummary.encode(run.steps());
            bodies[i] = WireFormat.encode(run);
        }
        Set<Mark> marks = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int p = 1;
            ps.setString(p++, project);
            ps.setString(p++, resource.service());
            ps.setString(p++, resource.instance());
            ps.setTimestamp(p++, lostAfter);
            ps.setTimestamp(p++, Timestamp.from(now));
            ps.setArray(p++, c.createArrayOf("text", ids));
            ps.setArray(p++, c.createArrayOf("text", workflows));
            ps.setArray(p++, c.createArrayOf("text", statuses));
            ps.setArray(p++, c.createArrayOf("text", startedAt));
            ps.setArray(p++, c.createArrayOf("text", endedAt));
            ps.setArray(p++, c.createArrayOf("float8", durations));
            ps.setArray(p++, c.createArrayOf("text", failedSteps));
            ps.setArray(p++, c.createArrayOf("text", errorTypes));
            ps.setArray(p++, c.createArrayOf("text", errorMessages));
            ps.setArray(p++, c.createArrayOf("text", sources));
            ps.setArray(p++, c.createArrayOf("int8", stuckAfter));
            ps.setArray(p++, c.createArrayOf("bool", watched));
            ps.setArray(p++, c.createArrayOf("text", steps));
            ps.setArray(p, c.createArrayOf("text", bodies));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String workflow = rs.getString(1);
                    if (!"running".equals(rs.getString(2))) {
                        marks.add(Mark.of(workflow, rs.getTimestamp(3).toInstant()));
                        Timestamp lostAt = rs.getTimestamp(4);
                        if (lostAt != null) {
                            // It was declared lost and has now really ended: its lost minute counts one less, under
                            // the workflow it was lost under (the statement's snapshot still holds that version).
                            String lostUnder = rs.getString(5);
                            marks.add(Mark.of(workflow, lostAt.toInstant()));
                            if (lostUnder != null && !lostUnder.equals(workflow)) {
                                marks.add(Mark.of(lostUnder, lostAt.toInstant()));
                            }
                        }
                    }
                }
            }
        }
        return marks;
    }

    /**
     * One record per run id, chosen as the database would if they came one after another: the first final
     * record wins, else the last running one with at least as many steps as those before it. (One statement
     * may not update a row twice.)
     */
    static List<Run> winners(List<Run> runs) {
        Map<String, Run> byId = new LinkedHashMap<>(runs.size() * 2);
        for (Run run : runs) {
            Run seen = byId.get(run.id());
            if (seen == null || !seen.status().isTerminal() && (run.status().isTerminal()
                    || run.steps().size() >= seen.steps().size())) {
                byId.put(run.id(), run);
            }
        }
        return byId.size() == runs.size() ? runs : new ArrayList<>(byId.values());
    }
}
