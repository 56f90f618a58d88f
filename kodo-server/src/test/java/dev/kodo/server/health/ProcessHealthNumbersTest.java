package dev.kodo.server.health;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
import static dev.kodo.server.TestServer.sdk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.KodoServerTest;
import dev.kodo.server.TestServer;
import dev.kodo.server.TestServer.Project;
import dev.kodo.server.storage.LostRunSweeper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Checks every number of the Process Health API against the same numbers computed here, independently, from the
 * raw rows of the {@code runs} table (run bodies decoded for the steps): counts exactly, percentiles within the
 * sketch's 1 % relative error of the exact order statistic. It does so with every minute dirty (raw path), after
 * the rollups ran (hour and minute rollups), and after late runs dirtied rolled-up minutes (both mixed).
 */
@KodoServerTest
class ProcessHealthNumbersTest {

    private static final String[] CHECKOUT_STEPS = {"charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled"};
    private static final String[] WEBHOOK_STEPS = {"sign", "deliver"};

    @Autowired
    TestServer server;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RollupJob rollups;
    @Autowired
    LostRunSweeper sweeper;

    @Test
    void everyNumberMatchesWhatTheRawRowsSay() throws Exception {
        Project project = server.newProject();
        Instant now = Instant.now();
        Random random = new Random(42);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            boolean checkout = random.nextInt(3) > 0;
            String[] steps = checkout ? CHECKOUT_STEPS : WEBHOOK_STEPS;
            String failedStep = random.nextDouble() < 0.08 ? steps[random.nextInt(steps.length)] : null;
            Instant endedAt = now.minusMillis(10_000 + (long) (random.nextDouble() * 3 * 3600_000));
            double durationMs = Math.exp(4 + 1.3 * random.nextGaussian());
            runs.add(ended(checkout ? "checkout" : "webhook-delivery", endedAt, durationMs, failedStep, steps));
        }
        // In flight now, some stuck: by the 15 min default, by the run's own hint, by the workflow's 2h setting.
        runs.add(running(newId(), "checkout", now.minus(5, ChronoUnit.MINUTES), Run.SOURCE_SDK, null));
        runs.add(running(newId(), "checkout", now.minus(40, ChronoUnit.MINUTES), Run.SOURCE_SDK, null));
        runs.add(running(newId(), "checkout", now.minus(8, ChronoUnit.MINUTES), Run.SOURCE_SDK, Duration.ofMinutes(3)));
        runs.add(running(newId(), "nightly-report", now.minus(50, ChronoUnit.MINUTES), "table:reports", null));
        runs.add(running(newId(), "nightly-report", now.minus(3, ChronoUnit.HOURS), "table:reports", null));
        server.ingest(project, runs);
        List<Run> doomed = List.of(running(newId(), "webhook-delivery", now.minusSeconds(30), Run.SOURCE_SDK, null),
                running(newId(), "webhook-delivery", now.minusSeconds(20), Run.SOURCE_SDK, null));
        server.ingest(project, sdk(100), doomed, null);
        Thread.sleep(600);
        sweeper.sweep();

        assertAllWindowsMatch(project, now);

        int taken = rollups.rollUp();
        assertThat(taken).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rollups WHERE project = ? AND width = 60", Long.class, project.name()))
                .as("hour rollups exist").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rollup_marks WHERE project = ? AND minute <= ?",
                Long.class, project.name(), java.sql.Timestamp.from(RollupJob.lastClosedMinute(Instant.now()))))
                .as("every closed minute is rolled up").isZero();
        assertAllWindowsMatch(project, now);

        // Late runs into minutes that are rolled up already, and a lost run whose final record turns up.
        List<Run> late = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            late.add(ended("checkout", now.minus(30 + i, ChronoUnit.MINUTES), 300 + i, i % 4 == 0 ? "notify_warehouse" : null, CHECKOUT_STEPS));
        }
        Run found = doomed.get(0);
        late.add(new Run(found.id(), found.workflow(), RunStatus.FAILED, found.startedAt(), found.startedAt().plusSeconds(1),
                "deliver", null, List.of(), null, null, null, null, null));
        server.ingest(project, late);
        assertAllWindowsMatch(project, now);

        rollups.rollUp();
        assertAllWindowsMatch(project, now);
    }

    private void assertAllWindowsMatch(Project project, Instant now) {
        String from = now.minus(150, ChronoUnit.MINUTES).plusMillis(17_321).toString();
        String to = now.minus(20, ChronoUnit.MINUTES).plusMillis(41_007).toString();
        for (String query : List.of("window=1h", "window=24h", "window=7d", "from=" + enc(from) + "&to=" + enc(to))) {
            JsonNode overview = server.read(project, "/api/v1/health?" + query);
            Instant f = Instant.parse(overview.get("window").get("from").asString());
            Instant t = Instant.parse(overview.get("window").get("to").asString());
            Expected expected = expected(project, f, t);
            Map<String, JsonNode> byName = new HashMap<>();
            overview.get("workflows").forEach(w -> byName.put(w.get("workflow").asString(), w));
            assertThat(byName.keySet()).as(query).containsAll(expected.workflows.keySet());
            for (Map.Entry<String, Numbers> e : expected.workflows.entrySet()) {
                assertSummary(query, byName.get(e.getKey()), e.getValue());
                assertSeries(query, byName.get(e.getKey()), project, e.getKey(), overview.get("window").get("bucketSeconds").asLong(), f, t);
            }
            for (String workflow : List.of("checkout", "webhook-delivery")) {
                JsonNode detail = server.read(project, "/api/v1/workflows/" + workflow + "?" + query);
                Numbers numbers = expected.workflows.get(workflow);
                assertSummary(query + " " + workflow, detail.get("summary"), numbers);
                assertSeries(query, detail.get("summary"), project, workflow, detail.get("window").get("bucketSeconds").asLong(), f, t);
                Map<String, JsonNode> steps = new HashMap<>();
                detail.get("steps").forEach(s -> steps.put(s.get("step").asString(), s));
                assertThat(steps.keySet()).as(query + " steps of " + workflow).isEqualTo(numbers.steps.keySet());
                numbers.steps.forEach((name, step) -> {
                    JsonNode s = steps.get(name);
                    String what = query + " " + workflow + "." + name;
                    assertThat(s.get("count").asLong()).as(what + " count").isEqualTo(step.count);
                    assertThat(s.get("failures").asLong()).as(what + " failures").isEqualTo(step.failures);
                    assertThat(s.get("failingRuns").asLong()).as(what + " failing runs").isEqualTo(numbers.failing.getOrDefault(name, 0L));
                    assertQuantile(what + " p95", s.get("p95Ms"), step.durations, 0.95);
                });
                long failedTotal = server.read(project, "/api/v1/workflows/" + workflow + "/runs?state=failed&limit=5&" + query)
                        .get("total").asLong();
                assertThat(failedTotal).as(query + " failed runs of " + workflow).isEqualTo(numbers.failed);
            }
        }
    }

    private void assertSummary(String what, JsonNode actual, Numbers expected) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.get("ok").asLong()).as(what + " ok").isEqualTo(expected.ok);
        assertThat(actual.get("failed").asLong()).as(what + " failed").isEqualTo(expected.failed);
        assertThat(actual.get("lost").asLong()).as(what + " lost").isEqualTo(expected.lost);
        assertThat(actual.get("runs").asLong()).as(what + " runs").isEqualTo(expected.ok + expected.failed + expected.lost);
        long ended = expected.ok + expected.failed + expected.lost;
        if (ended == 0) {
            assertThat(actual.get("completionRate").isNull()).as(what + " completion").isTrue();
        } else {
            assertThat(actual.get("completionRate").asDouble()).as(what + " completion")
                    .isCloseTo((double) expected.ok / ended, within(1e-12));
        }
        assertQuantile(what + " p50", actual.get("p50Ms"), expected.durations, 0.50);
        assertQuantile(what + " p95", actual.get("p95Ms"), expected.durations, 0.95);
        assertQuantile(what + " p99", actual.get("p99Ms"), expected.durations, 0.99);
        assertThat(actual.get("inFlight").asLong()).as(what + " in flight").isEqualTo(expected.inFlight);
        assertThat(actual.get("stuck").asLong()).as(what + " stuck").isEqualTo(expected.stuck);
        List<Map.Entry<String, Long>> top = expected.failing.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        assertThat(actual.get("topFailingSteps")).as(what + " top failing steps").hasSize(top.size());
        for (int i = 0; i < top.size(); i++) {
            assertThat(actual.get("topFailingSteps").get(i).get("step").asString()).isEqualTo(top.get(i).getKey());
            assertThat(actual.get("topFailingSteps").get(i).get("failures").asLong()).isEqualTo(top.get(i).getValue());
        }
    }

    /** Each bucket holds the raw runs that closed in its part of the window. */
    private void assertSeries(String what, JsonNode summary, Project project, String workflow, long bucketSeconds,
                              Instant from, Instant to) {
        List<Row> rows = rows(project);
        long total = 0;
        for (JsonNode point : summary.get("series")) {
            Instant start = Instant.parse(point.get("at").asString());
            Instant lo = start.isBefore(from) ? from : start;
            Instant end = start.plusSeconds(bucketSeconds);
            Instant hi = end.isAfter(to) ? to : end;
            long expected = rows.stream().filter(r -> r.workflow.equals(workflow) && r.closedAt != null
                    && !r.closedAt.isBefore(lo) && r.closedAt.isBefore(hi)).count();
            assertThat(point.get("runs").asLong()).as(what + " " + workflow + " bucket " + start).isEqualTo(expected);
            total += expected;
        }
        assertThat(total).isEqualTo(summary.get("runs").asLong());
    }

    /** The API's quantile is within 1 % of the order statistic at rank floor(q (n - 1)) of the exact durations. */
    private static void assertQuantile(String what, JsonNode actual, List<Double> durations, double q) {
        if (durations.isEmpty()) {
            assertThat(actual.isNull()).as(what).isTrue();
            return;
        }
        List<Double> sorted = durations.stream().sorted().toList();
        double exact = sorted.get((int) Math.floor(q * (sorted.size() - 1)));
        assertThat(actual.asDouble()).as(what + " of " + sorted.size()).isCloseTo(exact, within(exact * 0.01 + 1e-9));
    }

    // --------------------------------------------------------------------------------- the independent side

    private record Row(String workflow, String status, Instant startedAt, Instant closedAt, Double durationMs,
                       String failedStep, Long stuckAfterMs, String body) {
    }

    private static final class Numbers {
        long ok;
        long failed;
        long lost;
        long inFlight;
        long stuck;
        final List<Double> durations = new ArrayList<>();
        final Map<String, Long> failing = new TreeMap<>();
        final Map<String, StepNumbers> steps = new TreeMap<>();
    }

    private static final class StepNumbers {
        long count;
        long failures;
        final List<Double> durations = new ArrayList<>();
    }

    private record Expected(Map<String, Numbers> workflows) {
    }

    private List<Row> rows(Project project) {
        return jdbc.query("SELECT workflow, status, started_at, closed_at, duration_ms, failed_step, stuck_after_ms, body "
                + "FROM runs WHERE project = ?", (rs, i) -> new Row(rs.getString(1), rs.getString(2),
                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                (Double) rs.getObject(5), rs.getString(6), (Long) rs.getObject(7), rs.getString(8)), project.name());
    }

    private Expected expected(Project project, Instant from, Instant to) {
        Map<String, Numbers> workflows = new TreeMap<>();
        Instant now = Instant.now();
        for (Row row : rows(project)) {
            if (row.status.equals("running")) {
                Numbers n = workflows.computeIfAbsent(row.workflow, w -> new Numbers());
                n.inFlight++;
                long stuckAfter = row.stuckAfterMs != null ? row.stuckAfterMs
                        : row.workflow.equals("nightly-report") ? Duration.ofHours(2).toMillis() : Duration.ofMinutes(15).toMillis();
                if (row.startedAt.plusMillis(stuckAfter).isBefore(now)) {
                    n.stuck++;
                }
                continue;
            }
            if (row.closedAt.isBefore(from) || !row.closedAt.isBefore(to)) {
                continue;
            }
            Numbers n = workflows.computeIfAbsent(row.workflow, w -> new Numbers());
            switch (row.status) {
                case "lost" -> n.lost++;
                case "ok" -> n.ok++;
                default -> {
                    n.failed++;
                    if (row.failedStep != null) {
                        n.failing.merge(row.failedStep, 1L, Long::sum);
                    }
                }
            }
            if (row.status.equals("lost")) {
                continue;
            }
            n.durations.add(row.durationMs);
            for (Step step : WireFormat.decodeRun(row.body).steps()) {
                StepNumbers s = n.steps.computeIfAbsent(step.name(), k -> new StepNumbers());
                s.count++;
                s.failures += step.failed() ? 1 : 0;
                s.durations.add(step.durationNanos() / 1e6);
            }
            if (row.failedStep != null) {
                n.steps.computeIfAbsent(row.failedStep, k -> new StepNumbers());
            }
        }
        return new Expected(workflows);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
