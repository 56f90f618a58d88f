package dev.kodo.server.health;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@KodoServerTest
class HealthApiTest {

    @Autowired
    TestServer server;

    @Test
    void failedRunsComePageByPageNewestFirstWithTheirFailingStepAndError() {
        Project project = server.newProject();
        Instant now = Instant.now();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            runs.add(ended("checkout", now.minus(10 + i, ChronoUnit.MINUTES), 100 + i, "charge_card", "charge_card"));
        }
        runs.add(ended("checkout", now.minus(5, ChronoUnit.MINUTES), 50, null, "charge_card"));
        server.ingest(project, runs);

        JsonNode first = server.read(project, "/api/v1/workflows/checkout/runs?state=failed&window=1h&limit=3");
        JsonNode third = server.read(project, "/api/v1/workflows/checkout/runs?state=failed&window=1h&limit=3&offset=6");

        assertThat(first.get("total").asLong()).isEqualTo(7);
        assertThat(first.get("runs")).hasSize(3);
        assertThat(first.get("runs").get(0).get("id").asString()).isEqualTo(runs.get(0).id());
        assertThat(first.get("runs").get(2).get("id").asString()).isEqualTo(runs.get(2).id());
        JsonNode row = first.get("runs").get(0);
        assertThat(row.get("failedStep").asString()).isEqualTo("charge_card");
        assertThat(row.get("errorType").asString()).isEqualTo("com.example.StepException");
        assertThat(row.get("errorMessage").asString()).isEqualTo("boom in charge_card");
        assertThat(row.get("durationMs").asDouble()).isEqualTo(100.0);
        assertThat(third.get("runs")).hasSize(1);
        assertThat(third.get("runs").get(0).get("id").asString()).isEqualTo(runs.get(6).id());
    }

    @Test
    void stuckRunsAreTheRunningOnesPastTheirStuckAfterOldestFirst() {
        Project project = server.newProject();
        Instant now = Instant.now();
        Run fresh = running(newId(), "checkout", now.minus(2, ChronoUnit.MINUTES), Run.SOURCE_SDK, null);
        Run pastDefault = running(newId(), "checkout", now.minus(20, ChronoUnit.MINUTES), Run.SOURCE_SDK, null);
        Run pastHint = running(newId(), "checkout", now.minus(3, ChronoUnit.MINUTES), Run.SOURCE_SDK, Duration.ofMinutes(1));
        Run withinWorkflowSetting = running(newId(), "nightly-report", now.minus(90, ChronoUnit.MINUTES), "table:reports", null);
        server.ingest(project, List.of(fresh, pastDefault, pastHint, withinWorkflowSetting));

        JsonNode stuck = server.read(project, "/api/v1/workflows/checkout/runs?state=stuck");
        JsonNode inFlight = server.read(project, "/api/v1/workflows/checkout/runs?state=running");
        JsonNode report = server.read(project, "/api/v1/workflows/nightly-report/runs?state=stuck");

        assertThat(stuck.get("runs")).extracting(r -> r.get("id").asString()).containsExactly(pastDefault.id(), pastHint.id());
        assertThat(stuck.get("runs").get(1).get("stuckAfterMs").asDouble()).isEqualTo(60_000.0);
        assertThat(stuck.get("runs").get(0).get("ageMs").asDouble()).isGreaterThan(20 * 60_000.0);
        assertThat(inFlight.get("total").asLong()).isEqualTo(3);
        assertThat(report.get("total").asLong()).as("2h for nightly-report in the configuration").isZero();
        JsonNode summary = server.read(project, "/api/v1/health").get("workflows");
        assertThat(summary.get(0).get("workflow").asString()).isEqualTo("checkout");
        assertThat(summary.get(0).get("stuck").asLong()).isEqualTo(2);
        assertThat(summary.get(1).get("stuckAfterMs").asDouble()).isEqualTo(2 * 3600_000.0);
    }

    @Test
    void aRunsStepsComeAsATimelineWithNesting() {
        Project project = server.newProject();
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);
        ErrorInfo gone = new ErrorInfo("com.example.OutOfStockException", "sku 7 is gone");
        List<Step> steps = List.of(
                new Step("charge_card", StepStatus.OK, start.plusMillis(1), 12_000_000, null, null),
                new Step("reserve_inventory", StepStatus.FAILED, start.plusMillis(20), 3_000_000, null, null),
                new Step("lookup_stock", StepStatus.FAILED, start.plusMillis(21), 1_000_000, "reserve_inventory", gone));
        Run run = new Run(newId(), "checkout", RunStatus.FAILED, start, start.plusMillis(30), "lookup_stock", gone,
                steps, Map.of("order.id", "A-42"), Run.SOURCE_SDK, "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", null);
        server.ingest(project, List.of(run));

        JsonNode detail = server.read(project, "/api/v1/runs/" + run.id());

        assertThat(detail.get("durationMs").asDouble()).isEqualTo(30.0);
        assertThat(detail.get("error").get("message").asString()).isEqualTo("sku 7 is gone");
        assertThat(detail.get("traceId").asString()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(detail.get("attributes").get("order.id").asString()).isEqualTo("A-42");
        JsonNode timeline = detail.get("steps");
        assertThat(timeline).extracting(s -> s.get("name").asString())
                .containsExactly("charge_card", "reserve_inventory", "lookup_stock");
        assertThat(timeline.get(1).get("offsetMs").asDouble()).isEqualTo(20.0);
        assertThat(timeline.get(2).get("depth").asInt()).isEqualTo(1);
        assertThat(timeline.get(2).get("parent").asString()).isEqualTo("reserve_inventory");
        assertThat(timeline.get(2).get("error").get("type").asString()).isEqualTo("com.example.OutOfStockException");
        assertThat(timeline.get(1).get("error").isNull()).isTrue();
        assertThat(server.get(project.readKey(), "/api/v1/runs/no-such-run").status()).isEqualTo(404);
    }

    @Test
    void workflowNamesAndRunIdsWithASlashAreReadWithTheSlashEncoded() {
        Project project = server.newProject();
        Run failed = ended("billing/nightly", Instant.now().minus(5, ChronoUnit.MINUTES), 80, "charge", "charge");
        Run withSlashId = new Run("invoice/2026/42", failed.workflow(), failed.status(), failed.startedAt(),
                failed.endedAt(), failed.failedStep(), failed.error(), failed.steps(), null, null, null, null, null);
        server.ingest(project, List.of(withSlashId));

        JsonNode workflow = server.read(project, "/api/v1/workflows/billing%2Fnightly?window=1h");
        JsonNode failedRuns = server.read(project, "/api/v1/workflows/billing%2Fnightly/runs?state=failed&window=1h");
        JsonNode run = server.read(project, "/api/v1/runs/invoice%2F2026%2F42");

        assertThat(workflow.get("summary").get("failed").asLong()).isEqualTo(1);
        assertThat(failedRuns.get("runs").get(0).get("id").asString()).isEqualTo("invoice/2026/42");
        assertThat(run.get("workflow").asString()).isEqualTo("billing/nightly");
        assertThat(server.get(null, "/api/v1/runs/invoice%2F2026%2F42").status()).as("still behind the key").isEqualTo(401);
        assertThat(server.get(project.readKey(), "/api%2Fv1/runs/invoice%2F2026%2F42").status())
                .as("an encoded slash is no path separator").isEqualTo(404);
    }

    @Test
    void throughputOfABucketAtTheWindowsEdgeIsPerMinuteOfItsPartInsideTheWindow() {
        Project project = server.newProject();
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(ended("import", minute.plusSeconds(50 + i), 10, null));       // first bucket, 15 s inside
        }
        runs.add(ended("import", minute.plusSeconds(5 * 60 + 30), 10, null));      // a whole bucket
        for (int i = 0; i < 2; i++) {
            runs.add(ended("import", minute.plusSeconds(10 * 60 + 5 + i), 10, null)); // last bucket, 15 s inside
        }
        server.ingest(project, runs);

        JsonNode detail = server.read(project, "/api/v1/workflows/import?from=" + minute.plusSeconds(45)
                + "&to=" + minute.plusSeconds(10 * 60 + 15));

        assertThat(detail.get("window").get("bucketSeconds").asLong()).isEqualTo(60);
        Map<Instant, Double> throughput = new HashMap<>();
        detail.get("summary").get("series").forEach(p -> throughput.put(Instant.parse(p.get("at").asString()),
                p.get("throughputPerMinute").asDouble()));
        assertThat(throughput.get(minute)).as("3 runs in 15 s").isCloseTo(12.0, within(1e-9));
        assertThat(throughput.get(minute.plusSeconds(5 * 60))).isCloseTo(1.0, within(1e-9));
        assertThat(throughput.get(minute.plusSeconds(10 * 60))).as("2 runs in 15 s").isCloseTo(8.0, within(1e-9));
    }
}
