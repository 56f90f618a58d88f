package dev.kodo.server.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Declares {@code lost} the running SDK runs that nothing was heard of (no record, no mention in a heartbeat's
 * {@code inflight}) for {@value RunStore#MISSED_HEARTBEATS} heartbeat intervals of their instance: their process
 * died or lost their final record. Table-source runs and senders without heartbeats are never declared lost.
 *
 * <p>Safe to run from several server instances at once: rows are claimed with {@code SKIP LOCKED} and the update
 * re-checks {@code status = 'running'}, so each run is declared lost once.
 */
@Component
public class LostRunSweeper {

    private static final int BATCH = 5000;
    private static final String SWEEP = """
            WITH lost AS (
                UPDATE runs r SET status = 'lost', lost_at = ?, closed_at = ?, lost_after = NULL
                WHERE (r.project, r.id) IN (
                        SELECT project, id FROM runs WHERE status = 'running' AND lost_after < ?
                        LIMIT ? FOR UPDATE SKIP LOCKED)
                    AND r.status = 'running'
                RETURNING r.project, r.workflow)
            SELECT project, workflow, count(*) FROM lost GROUP BY project, workflow
            """;

    private final DataSource dataSource;
    private final Clock clock;

    public LostRunSweeper(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** @return how many runs were declared lost */
    public int sweep() throws SQLException {
        int total = 0;
        int swept;
        do {
            swept = sweepBatch();
            total += swept;
        } while (swept == BATCH);
        return total;
    }

    private int sweepBatch() throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Set<RunStore.Mark>> marks = new LinkedHashMap<>();
                int swept = 0;
                try (PreparedStatement ps = c.prepareStatement(SWEEP)) {
                    Timestamp at = Timestamp.from(now);
                    ps.setTimestamp(1, at);
                    ps.setTimestamp(2, at);
                    ps.setTimestamp(3, at);
                    ps.setInt(4, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            swept += rs.getInt(3);
                            marks.computeIfAbsent(rs.getString(1), p -> new LinkedHashSet<>())
                                    .add(RunStore.Mark.of(rs.getString(2), now));
                        }
                    }
                }
                for (Map.Entry<String, Set<RunStore.Mark>> e : marks.entrySet()) {
                    RunStore.mark(c, e.getKey(), e.getValue());
                }
                c.commit();
                return swept;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
