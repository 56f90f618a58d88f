package dev.kodo.server.health;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
import static dev.kodo.server.TestServer.sdk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
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
import java.util.LinkedHashMap;
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
 * runs the test sent (and, for lost runs, when the server declared them lost): counts exactly, percentiles within the
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
        Sent sent = new Sent();
        server.ingest(project, runs);
        sent.add(runs, null);
        // Two runs whose process stops reporting after one batch (heartbeat 100 ms): lost 300 ms later. They had
        // done a step each; a lost run has not ended, so its steps count nowhere (DESIGN section 3).
        List<Run> doomed = List.of(runningWithAStep("webhook-delivery", now.minusSeconds(30)),
                runningWithAStep("webhook-delivery", now.minusSeconds(20)));
        Instant beforeDoomed = Instant.now();
        server.ingest(project, sdk(100), doomed, null);
        Instant afterDoomed = Instant.now();
        sent.add(doomed, new Instant[] {beforeDoomed.plusMillis(300), afterDoomed.plusMillis(300)});
        Thread.sleep(600);
        Instant sweepStart = Instant.now();
        sweeper.sweep();
        sent.swept(sweepStart, Instant.now());

        assertAllWindowsMatch(project, sent, now);

        int taken = rollups.rollUp();
        assertThat(taken).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rollups WHERE project = ? AND width = 60", Long.class, project.name()))
                .as("hour rollups exist").isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM rollup_marks WHERE project = ? AND minute <= ?",
                Long.class, project.name(), java.sql.Timestamp.from(RollupJob.lastClosedMinute(Instant.now()))))
                .as("every closed minute is rolled up").isZero();
        assertAllWindowsMatch(project, sent, now);

        // Late runs into minutes that are rolled up already, and a lost run whose final record turns up.
        List<Run> late = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            late.add(ended("checkout", now.minus(30 + i, ChronoUnit.MINUTES), 300 + i, i % 4 == 0 ? "notify_warehouse" : null, CHECKOUT_STEPS));
        }
        Run found = doomed.get(0);
        late.add(new Run(found.id(), found.workflow(), RunStatus.FAILED, found.startedAt(), found.startedAt().plusSeconds(1),
                "deliver", null, List.of(found.steps().get(0), new Step("deliver", StepStatus.FAILED,
                        found.startedAt().plusMillis(10), 900_000_000L, null, new ErrorInfo("java.io.IOException", "reset"))),
                null, null, null, null, null));
        server.ingest(project, late);
        sent.add(late, null);
        assertAllWindowsMatch(project, sent, now);

        rollups.rollUp();
        assertAllWindowsMatch(project, sent, now);
    }

    private void assertAllWindowsMatch(Project project, Sent sent, Instant now) {
        String from = now.minus(150, ChronoUnit.MINUTES).plusMillis(17_321).toString();
        String to = now.minus(20, ChronoUnit.MINUTES).plusMillis(41_007).toString();
        for (String query : List.of("window=1h", "window=24h", "window=7d", "from=" + enc(from) + "&to=" + enc(to))) {
            JsonNode overview = server.read(project, "/api/v1/health?" + query);
            Instant f = Instant.parse(overview.get("window").get("from").asString());
            Instant t = Instant.parse(overview.get("window").get("to").asString());
            Expected expected = expected(sent.rows(jdbc, project), f, t);
            Map<String, JsonNode> byName = new HashMap<>();
            overview.get("workflows").forEach(w -> byName.put(w.get("workflow").asString(), w));
            assertThat(byName.keySet()).as(query).containsAll(expected.workflows.keySet());
            for (Map.Entry<String, Numbers> e : expected.workflows.entrySet()) {
                assertSummary(query, byName.get(e.getKey()), e.getValue());
                assertSeries(query, byName.get(e.getKey()), sent.rows(jdbc, project), e.getKey(), overview.get("window").get("bucketSeconds").asLong(), f, t);
            }
            for (String workflow : List.of("checkout", "webhook-delivery")) {
                JsonNode detail = server.read(project, "/api/v1/workflows/" + workflow + "?" + query);
                Numbers numbers = expected.workflows.get(workflow);
                assertSummary(query + " " + workflow, detail.get("summary"), numbers);
                assertSeries(query, detail.get("summary"), sent.rows(jdbc, project), workflow, detail.get("window").get("bucketSeconds").asLong(), f, t);
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
    private void assertSeries(String what, JsonNode summary, List<Row> rows, String workflow, long bucketSeconds,
                              Instant from, Instant to) {
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

    /** A run as the test expects the server to hold it; {@code closedAt} is {@code null} while running. */
    private record Row(String workflow, String status, Instant startedAt, Instant closedAt, Double durationMs,
                       String failedStep, Duration stuckAfter, List<Step> steps) {
    }

    /**
     * What the test sent, per run id, under the wire format's rule (the first final record wins, else the last
     * running one), and which running runs it expects to be lost: those sent with a heartbeat whose deadline (3
     * intervals after the server received them) had passed when the sweeper ran.
     */
    private static final class Sent {
        final Map<String, Run> byId = new LinkedHashMap<>();
        /** Run id → the earliest and latest its lost deadline can be, from the times around its ingest. */
        final Map<String, Instant[]> deadlines = new HashMap<>();
        final Map<String, Instant[]> sweeps = new HashMap<>();

        void add(List<Run> runs, Instant[] lostDeadline) {
            for (Run run : runs) {
                Run seen = byId.get(run.id());
                if (seen == null || !seen.status().isTerminal()) {
                    byId.put(run.id(), run);
                    if (run.status() == RunStatus.RUNNING && lostDeadline != null) {
                        deadlines.put(run.id(), lostDeadline);
                    }
                }
            }
        }

        /** A sweep ran between {@code start} and {@code end}: runs whose deadline had surely passed are lost. */
        void swept(Instant start, Instant end) {
            deadlines.forEach((id, d) -> {
                if (byId.get(id).status() == RunStatus.RUNNING && d[1].isBefore(start)) {
                    sweeps.putIfAbsent(id, new Instant[] {d[0], end});
                }
            });
        }

        /**
         * The expected rows. The only thing read back from the server is when it declared each lost run lost
         * ({@code lost_at}), which the test cannot know to the millisecond: it must lie between the run's lost
         * deadline and the end of the sweep that found it.
         */
        List<Row> rows(JdbcTemplate jdbc, Project project) {
            Map<String, Instant> lostAt = new HashMap<>();
            jdbc.query("SELECT id, lost_at FROM runs WHERE project = ? AND lost_at IS NOT NULL",
                    rs -> {
                        lostAt.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                    }, project.name());
            List<Row> rows = new ArrayList<>(byId.size());
            for (Run run : byId.values()) {
                if (run.status() == RunStatus.RUNNING && sweeps.containsKey(run.id())) {
                    Instant[] bounds = sweeps.get(run.id());
                    Instant at = lostAt.get(run.id());
                    assertThat(at).as("lost_at of " + run.id()).isNotNull()
                            .isAfterOrEqualTo(bounds[0]).isBeforeOrEqualTo(bounds[1]);
                    rows.add(new Row(run.workflow(), "lost", run.startedAt(), at, null, null, run.stuckAfter(), run.steps()));
                } else if (run.status() == RunStatus.RUNNING) {
                    rows.add(new Row(run.workflow(), "running", run.startedAt(), null, null, null, run.stuckAfter(), run.steps()));
                } else {
                    Duration d = Duration.between(run.startedAt(), run.endedAt());
                    rows.add(new Row(run.workflow(), run.status().wireName(), run.startedAt(), run.endedAt(),
                            d.toNanos() / 1e6, run.failedStep(), run.stuckAfter(), run.steps()));
                }
            }
            return rows;
        }
    }

    private static Run runningWithAStep(String workflow, Instant startedAt) {
        return new Run(newId(), workflow, RunStatus.RUNNING, startedAt, null, null, null,
                List.of(new Step("sign", StepStatus.OK, startedAt, 5_000_000L, null, null)), Map.of(), Run.SOURCE_SDK,
                null, null, null);
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

    private static Expected expected(List<Row> rows, Instant from, Instant to) {
        Map<String, Numbers> workflows = new TreeMap<>();
        Instant now = Instant.now();
        for (Row row : rows) {
            if (row.status.equals("running")) {
                Numbers n = workflows.computeIfAbsent(row.workflow, w -> new Numbers());
                n.inFlight++;
                long stuckAfter = row.stuckAfter != null ? row.stuckAfter.toMillis()
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
                // Not ended: neither its duration nor its steps' (DESIGN section 3 counts runs that ended).
                continue;
            }
            n.durations.add(row.durationMs);
            for (Step step : row.steps) {
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
