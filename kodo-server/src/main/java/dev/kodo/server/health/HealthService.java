package dev.kodo.server.health;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.KodoServerProperties;
import dev.kodo.server.health.HealthViews.ErrorView;
import dev.kodo.server.health.HealthViews.FailingStep;
import dev.kodo.server.health.HealthViews.Overview;
import dev.kodo.server.health.HealthViews.Point;
import dev.kodo.server.health.HealthViews.RunDetail;
import dev.kodo.server.health.HealthViews.RunPage;
import dev.kodo.server.health.HealthViews.RunRow;
import dev.kodo.server.health.HealthViews.StepStats;
import dev.kodo.server.health.HealthViews.StepView;
import dev.kodo.server.health.HealthViews.WindowView;
import dev.kodo.server.health.HealthViews.WorkflowDetail;
import dev.kodo.server.health.HealthViews.WorkflowSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * The Process Health API's answers, with every number as DESIGN section 3 defines it: completion rate
 * ok / (ok + failed + lost) over runs that ended or were declared lost in the window, p50/p95/p99 of the
 * end-to-end duration of runs that ended in it (ok and failed, 1 % relative error), and stuck = running for
 * longer than its stuck-after (the run's hint, else the workflow's setting, else {@code kodo.server.stuck-after}).
 */
@Service
public class HealthService {

    /** Buckets of the overview's sparklines and of a workflow's charts, at most. */
    static final int OVERVIEW_BUCKETS = 30;
    static final int DETAIL_BUCKETS = 200;
    private static final int TOP_FAILING_STEPS = 3;

    private static final String IN_FLIGHT = """
            SELECT workflow, count(*), count(*) FILTER (WHERE started_at < ?::timestamptz
                       - make_interval(secs => coalesce(stuck_after_ms, s.ms, ?) / 1000.0))
            FROM runs LEFT JOIN unnest(?::text[], ?::int8[]) AS s(wf, ms) ON s.wf = runs.workflow
            WHERE project = ? AND status = 'running' AND (?::text IS NULL OR workflow = ?::text)
            GROUP BY workflow
            """;
    /** For one workflow, whose own stuck-after is bound as the second parameter. */
    private static final String STUCK_CONDITION =
            "started_at < ?::timestamptz - make_interval(secs => coalesce(stuck_after_ms, ?) / 1000.0)";
    private static final String RUN_COLUMNS = """
            id, status, started_at, ended_at, duration_ms, failed_step, error_type, error_message, lost_at,
            coalesce(stuck_after_ms, ?)""";

    private final DataSource dataSource;
    private final HealthCollector collector;
    private final KodoServerProperties properties;
    private final Clock clock;

    public HealthService(DataSource dataSource, HealthCollector collector, KodoServerProperties properties, Clock clock) {
        this.dataSource = dataSource;
        this.collector = collector;
        this.properties = properties;
        this.clock = clock;
    }

    /** Every workflow of {@code project} that has runs in the window or in flight now. */
    public Overview overview(String project, Window window) throws SQLException {
        Instant now = clock.instant();
        Duration width = window.bucketWidth(OVERVIEW_BUCKETS);
        HealthCollector.Collected collected = collector.collect(project, null, window.from(), window.to(), width,
                HealthCollector.Steps.FAILING);
        Map<String, long[]> inFlight = inFlight(project, null, now);
        TreeMap<String, Boolean> names = new TreeMap<>();
        collected.workflows.keySet().forEach(n -> names.put(n, true));
        inFlight.keySet().forEach(n -> names.put(n, true));
        List<WorkflowSummary> workflows = new ArrayList<>();
        for (String name : names.keySet()) {
            workflows.add(summary(name, collected, collected, inFlight.get(name)));
        }
        return new Overview(project, view(window, width), !workflows.isEmpty() || hasRuns(project), workflows);
    }

    /** One workflow: its summary with a finer series, and its steps; empty when it has no runs at all. */
    public Optional<WorkflowDetail> workflow(String project, String workflow, Window window) throws SQLException {
        Instant now = clock.instant();
        Duration width = window.bucketWidth(DETAIL_BUCKETS);
        HealthCollector.Collected series = collector.collect(project, workflow, window.from(), window.to(), width,
                HealthCollector.Steps.NONE);
        HealthCollector.Collected whole = collector.collect(project, workflow, window.from(), window.to(), null,
                HealthCollector.Steps.ALL);
        Map<String, long[]> inFlight = inFlight(project, workflow, now);
        if (whole.workflows.isEmpty() && inFlight.isEmpty() && !exists(project, workflow)) {
            return Optional.empty();
        }
        HealthCollector.WorkflowData total = whole.workflows.get(workflow);
        WorkflowSummary summary = summary(workflow, whole, series, inFlight.get(workflow));
        List<StepStats> steps = new ArrayList<>();
        if (total != null) {
            total.total.steps.forEach((name, t) -> steps.add(new StepStats(name, t.ok + t.failed, t.failed,
                    t.failing, t.quantile(0.5), t.quantile(0.95), t.quantile(0.99))));
        }
        return Optional.of(new WorkflowDetail(project, view(window, width), summary, steps));
    }

    /** A page of the workflow's runs in one state: {@code failed} or {@code lost} in the window, {@code stuck} or {@code running} now. */
    public RunPage runs(String project, String workflow, String state, Window window, int offset, int limit)
            throws SQLException {
        String where;
        String order;
        boolean inWindow;
        switch (state == null ? "failed" : state.toLowerCase(Locale.ROOT)) {
            case "failed" -> { where = "status = 'failed'"; order = "closed_at DESC, id"; inWindow = true; }
            case "lost" -> { where = "status = 'lost'"; order = "closed_at DESC, id"; inWindow = true; }
            case "stuck" -> { where = "status = 'running' AND " + STUCK_CONDITION; order = "started_at, id"; inWindow = false; }
            case "running" -> { where = "status = 'running'"; order = "started_at, id"; inWindow = false; }
            default -> throw new BadRequestException("must be failed, lost, stuck or running (was \"" + state + "\")", "state");
        }
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("must be 1 to 500 (was " + limit + ")", "limit");
        }
        if (offset < 0) {
            throw new BadRequestException("must not be negative (was " + offset + ")", "offset");
        }
        Instant now = clock.instant();
        long defaultStuckMs = properties.stuckAfterOf(workflow).toMillis();
        String from = " FROM runs WHERE project = ? AND workflow = ? AND " + where
                + (inWindow ? " AND closed_at >= ? AND closed_at < ?" : "");
        String stateName = state == null ? "failed" : state.toLowerCase(Locale.ROOT);
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*)" + from)) {
                bindRunFilter(ps, 1, project, workflow, stateName, window, now, defaultStuckMs, inWindow);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<RunRow> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + from
                    + " ORDER BY " + order + " LIMIT ? OFFSET ?")) {
                ps.setLong(1, defaultStuckMs);
                int p = bindRunFilter(ps, 2, project, workflow, stateName, window, now, defaultStuckMs, inWindow);
                ps.setInt(p++, limit);
                ps.setInt(p, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(runRow(rs, now));
                    }
                }
            }
            return new RunPage(workflow, stateName, view(window, window.length()), total, offset, limit, rows);
        }
    }

    /** One run with its steps as a timeline. */
    public Optional<RunDetail> run(String project, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT status, lost_at, received_at, body, service, instance FROM runs WHERE project = ? AND id = ?")) {
            ps.setString(1, project);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Run run = WireFormat.decodeRun(rs.getString(4));
                return Optional.of(new RunDetail(run.id(), run.workflow(), rs.getString(1), run.startedAt(),
                        run.endedAt(), run.duration() == null ? null : millis(run.duration()),
                        run.failedStep(), error(run.error()), run.source(), rs.getString(5), rs.getString(6),
                        run.traceId(), run.spanId(), run.attributes(), instant(rs.getTimestamp(2)),
                        instant(rs.getTimestamp(3)), timeline(run)));
            }
        }
    }

    private static List<StepView> timeline(Run run) {
        Map<String, Integer> depthOf = new HashMap<>();
        List<StepView> steps = new ArrayList<>(run.steps().size());
        for (Step step : run.steps()) {
            int depth = step.parent() == null ? 0 : depthOf.getOrDefault(step.parent(), -1) + 1;
            depthOf.put(step.name(), depth);
            steps.add(new StepView(step.name(), step.status().wireName(), step.startedAt(),
                    millis(Duration.between(run.startedAt(), step.startedAt())), step.durationNanos() / 1e6,
                    step.parent(), depth, error(step.error())));
        }
        return steps;
    }

    /** The totals and failing steps come from {@code totals}, the series from {@code series} (may be the same). */
    private WorkflowSummary summary(String name, HealthCollector.Collected totals, HealthCollector.Collected series,
                                    long[] inFlight) {
        HealthCollector.WorkflowData data = totals.workflows.get(name);
        HealthCollector.WorkflowData bucketed = series.workflows.get(name);
        WorkflowTally total = data == null ? new WorkflowTally() : data.total;
        Tally runs = total.runs;
        List<FailingStep> failing = total.steps.entrySet().stream()
                .filter(e -> e.getValue().failing > 0)
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> e) -> -e.getValue().failing)
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_FAILING_STEPS)
                .map(e -> new FailingStep(e.getKey(), e.getValue().failing))
                .toList();
        List<Point> points = new ArrayList<>(series.bucketCount);
        for (int i = 0; i < series.bucketCount; i++) {
            Tally b = bucketed == null ? new Tally() : bucketed.buckets[i];
            // Per minute of the bucket's part inside the window: an edge bucket holds only that part's runs.
            double minutes = series.bucketSpan(i).toNanos() / 60e9;
            points.add(new Point(series.bucketStart(i), b.ended(), b.ok, b.failed, b.lost, b.completionRate(),
                    b.quantile(0.95), minutes > 0 ? b.ended() / minutes : 0));
        }
        return new WorkflowSummary(name, runs.ended(), runs.ok, runs.failed, runs.lost, runs.completionRate(),
                runs.quantile(0.5), runs.quantile(0.95), runs.quantile(0.99),
                inFlight == null ? 0 : inFlight[0], inFlight == null ? 0 : inFlight[1],
                (double) properties.stuckAfterOf(name).toMillis(), failing, points);
    }

    /** workflow → {running now, stuck now}. */
    private Map<String, long[]> inFlight(String project, String workflow, Instant now) throws SQLException {
        Map<String, long[]> result = new HashMap<>();
        String[] names = properties.getWorkflows().keySet().toArray(String[]::new);
        Long[] millis = properties.getWorkflows().keySet().stream()
                .map(n -> properties.stuckAfterOf(n).toMillis()).toArray(Long[]::new);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(IN_FLIGHT)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, properties.getStuckAfter().toMillis());
            ps.setArray(3, c.createArrayOf("text", names));
            ps.setArray(4, c.createArrayOf("int8", millis));
            ps.setString(5, project);
            ps.setString(6, workflow);
            ps.setString(7, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
        }
        return result;
    }

    private static int bindRunFilter(PreparedStatement ps, int p, String project, String workflow, String state,
                                     Window window, Instant now, long stuckMs, boolean inWindow) throws SQLException {
        ps.setString(p++, project);
        ps.setString(p++, workflow);
        if ("stuck".equals(state)) {
            ps.setTimestamp(p++, Timestamp.from(now));
            ps.setLong(p++, stuckMs);
        }
        if (inWindow) {
            ps.setTimestamp(p++, Timestamp.from(window.from()));
            ps.setTimestamp(p++, Timestamp.from(window.to()));
        }
        return p;
    }

    private static RunRow runRow(ResultSet rs, Instant now) throws SQLException {
        Instant started = rs.getTimestamp(3).toInstant();
        String status = rs.getString(2);
        double d = rs.getDouble(5);
        Double duration = rs.wasNull() ? null : d;
        boolean running = "running".equals(status);
        return new RunRow(rs.getString(1), status, started, instant(rs.getTimestamp(4)), duration, rs.getString(6),
                rs.getString(7), rs.getString(8), instant(rs.getTimestamp(9)),
                running ? millis(Duration.between(started, now)) : null,
                running ? (double) rs.getLong(10) : null);
    }

    private boolean hasRuns(String project) throws SQLException {
        return exists(project, null);
    }

    private boolean exists(String project, String workflow) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM runs WHERE project = ? AND (?::text IS NULL OR workflow = ?::text))")) {
            ps.setString(1, project);
            ps.setString(2, workflow);
            ps.setString(3, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static WindowView view(Window window, Duration width) {
        return new WindowView(window.from(), window.to(), window.label(), width.toSeconds());
    }

    private static ErrorView error(ErrorInfo error) {
        return error == null ? null : new ErrorView(error.type(), error.message());
    }

    /** In milliseconds, without {@link Duration#toNanos()}'s overflow beyond 292 years (a step may start 8000 years before its run). */
    static double millis(Duration d) {
        return d.getSeconds() * 1e3 + d.getNano() / 1e6;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
