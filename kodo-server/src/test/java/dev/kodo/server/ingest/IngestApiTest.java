package dev.kodo.server.ingest;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
import static dev.kodo.server.TestServer.sdk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.KodoServerTest;
import dev.kodo.server.TestServer;
import dev.kodo.server.TestServer.Answer;
import dev.kodo.server.TestServer.Project;
import dev.kodo.server.health.RollupJob;
import dev.kodo.server.storage.LostRunSweeper;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@KodoServerTest
class IngestApiTest {

    @Autowired
    TestServer server;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RollupJob rollups;
    @Autowired
    LostRunSweeper sweeper;

    private static final Instant AN_HOUR_AGO = Instant.now().minus(1, ChronoUnit.HOURS);

    @Test
    void validRunsAreStoredAndMalformedOnesRejectedOneByOneNamingTheField() {
        Project project = server.newProject();
        String body = """
                {"resource": {"instance": "i-1"},
                 "runs": [
                   {"id": "good", "workflow": "checkout", "status": "ok", "startedAt": "%s", "durationMs": 12.5},
                   {"id": "bad", "workflow": "checkout", "status": "done", "startedAt": "%s"},
                   {"id": "no-end", "workflow": "checkout", "status": "failed", "startedAt": "%s"}
                 ]}""".formatted(AN_HOUR_AGO, AN_HOUR_AGO, AN_HOUR_AGO);

        Answer answer = server.post(project.ingestKey(), body);

        assertThat(answer.status()).isEqualTo(202);
        JsonNode json = answer.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(1);
        assertThat(json.get("rejected")).hasSize(2);
        assertThat(json.get("rejected").get(0).get("field").asString()).isEqualTo("runs[1].status");
        assertThat(json.get("rejected").get(0).get("message").asString()).contains("\"done\"");
        assertThat(json.get("rejected").get(1).get("field").asString()).isEqualTo("runs[2].endedAt");
        assertThat(server.read(project, "/api/v1/runs/good").get("status").asString()).isEqualTo("ok");
        assertThat(server.get(project.readKey(), "/api/v1/runs/bad").status()).isEqualTo(404);
    }

    @Test
    void aBodyThatIsNotABatchGets400NamingTheFieldAndStoresNothing() {
        Project project = server.newProject();
        String noRuns = "{\"resource\": {\"instance\": \"i-1\"}, \"runz\": []}";

        Answer answer = server.post(project.ingestKey(), noRuns);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("field").asString()).isEqualTo("runs");
        Answer notJson = server.post(project.ingestKey(), "{\"resource\": {\"instance\": \"i-1\"}, \"runs\": [{\"id\": \"x\"");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("error").asString()).isNotBlank();
        assertThat(server.read(project, "/api/v1/health").get("hasRuns").asBoolean()).isFalse();
    }

    @Test
    void gzipBodiesAreAccepted() {
        Project project = server.newProject();
        Run run = ended("checkout", AN_HOUR_AGO, 40, null, "charge_card", "reserve_inventory");

        Answer answer = server.post(project.ingestKey(),
                WireFormat.encode(RunBatch.of(sdk(0), List.of(run))).getBytes(StandardCharsets.UTF_8), true);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(server.read(project, "/api/v1/runs/" + run.id()).get("steps")).hasSize(2);
    }

    @Test
    void aBodyLargerThanTheLimitGets413AndIsNotStored() {
        Project project = server.newProject();
        String big = "x".repeat(1000);
        List<Run> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Run r = ended("checkout", AN_HOUR_AGO, 10, null, "charge_card");
            runs.add(new Run(r.id(), r.workflow(), r.status(), r.startedAt(), r.endedAt(), null, null, r.steps(),
                    java.util.Map.of("note", big), r.source(), null, null, null));
        }
        byte[] body = WireFormat.encode(RunBatch.of(sdk(0), runs)).getBytes(StandardCharsets.UTF_8);

        Answer plain = server.post(project.ingestKey(), body, false);
        Answer gzipped = server.post(project.ingestKey(), body, true);

        assertThat(plain.status()).isEqualTo(413);
        assertThat(plain.json().get("error").asString()).contains("split the batch");
        assertThat(gzipped.status()).as("the limit applies after decompression").isEqualTo(413);
        assertThat(server.read(project, "/api/v1/health").get("hasRuns").asBoolean()).isFalse();
    }

    @Test
    void aMissingWrongOrReadKeyGets401() {
        Project project = server.newProject();
        String body = WireFormat.encode(RunBatch.of(sdk(0), List.of(ended("checkout", AN_HOUR_AGO, 5, null))));

        assertThat(server.post(null, body).status()).isEqualTo(401);
        assertThat(server.post("kodo_ik_not-a-key-at-all-000000000", body).status()).isEqualTo(401);
        Answer readKey = server.post(project.readKey(), body);
        assertThat(readKey.status()).isEqualTo(401);
        assertThat(readKey.json().get("error").asString()).contains("ingest key");
        assertThat(server.get(project.ingestKey(), "/api/v1/health").status()).isEqualTo(401);
        assertThat(server.get(null, "/api/v1/health").status()).isEqualTo(401);
    }

    @Test
    void aFinalRunNeverGoesBackToRunningAndTheFirstFinalRecordWins() {
        Project project = server.newProject();
        Run ok = ended("checkout", AN_HOUR_AGO, 100, null, "charge_card");
        Run sameIdFailed = new Run(ok.id(), ok.workflow(), dev.kodo.core.run.RunStatus.FAILED, ok.startedAt(),
                ok.endedAt().plusSeconds(1), "charge_card", null, List.of(), null, null, null, null, null);
        Run sameIdRunning = running(ok.id(), ok.workflow(), ok.startedAt(), Run.SOURCE_SDK, null);

        server.ingest(project, List.of(ok));
        server.ingest(project, List.of(sameIdRunning));
        server.ingest(project, List.of(sameIdFailed));
        server.ingest(project, List.of(ok));

        JsonNode run = server.read(project, "/api/v1/runs/" + ok.id());
        assertThat(run.get("status").asString()).isEqualTo("ok");
        JsonNode health = server.read(project, "/api/v1/health");
        assertThat(health.get("workflows").get(0).get("runs").asLong()).as("counted once").isEqualTo(1);
        assertThat(health.get("workflows").get(0).get("inFlight").asLong()).isZero();
    }

    @Test
    void aRunningRunTakesNewSnapshotsAndIsReplacedByItsFinalRecordEvenInOneBatch() {
        Project project = server.newProject();
        String id = newId();
        Run first = running(id, "checkout", AN_HOUR_AGO, Run.SOURCE_SDK, null);
        Run done = ended("checkout", AN_HOUR_AGO.plusSeconds(2), 2000, null, "charge_card", "notify");
        Run doneSameId = new Run(id, done.workflow(), done.status(), AN_HOUR_AGO, done.endedAt(), null, null,
                done.steps(), null, null, null, null, null);

        server.ingest(project, List.of(first));
        assertThat(server.read(project, "/api/v1/health").get("workflows").get(0).get("inFlight").asLong()).isEqualTo(1);
        // A retry may carry an old running snapshot after the final record in the same batch.
        server.ingest(project, sdk(0), List.of(doneSameId, first), null);

        JsonNode run = server.read(project, "/api/v1/runs/" + id);
        assertThat(run.get("status").asString()).isEqualTo("ok");
        assertThat(run.get("steps")).hasSize(2);
        assertThat(server.read(project, "/api/v1/health").get("workflows").get(0).get("inFlight").asLong()).isZero();
    }

    @Test
    void projectsAreIsolatedEvenWithTheSameRunIds() throws Exception {
        Project a = server.newProject();
        Project b = server.newProject();
        Run inA = ended("checkout", AN_HOUR_AGO, 10, null);
        Run inB = new Run(inA.id(), "invoicing", dev.kodo.core.run.RunStatus.FAILED, inA.startedAt(), inA.endedAt(),
                null, null, List.of(), null, null, null, null, null);

        server.ingest(a, List.of(inA));
        server.ingest(b, List.of(inB));

        assertThat(server.read(a, "/api/v1/runs/" + inA.id()).get("workflow").asString()).isEqualTo("checkout");
        assertThat(server.read(b, "/api/v1/runs/" + inA.id()).get("workflow").asString()).isEqualTo("invoicing");
        JsonNode healthA = server.read(a, "/api/v1/health");
        assertThat(healthA.get("project").asString()).isEqualTo(a.name());
        assertThat(healthA.get("workflows")).hasSize(1);
        assertThat(healthA.get("workflows").get(0).get("workflow").asString()).isEqualTo("checkout");
        assertThat(server.get(a.readKey(), "/api/v1/workflows/invoicing").status()).isEqualTo(404);

        // The runs lists, failed and running, and the heartbeat's inflight list keep to their project too.
        String inFlight = newId();
        server.ingest(a, sdk(100), List.of(running(inFlight, "checkout", Instant.now().minusSeconds(5), Run.SOURCE_SDK, null)), null);
        server.ingest(b, sdk(100), List.of(running(inFlight, "invoicing", Instant.now().minusSeconds(5), Run.SOURCE_SDK, null)), null);
        assertThat(total(b, "/api/v1/workflows/invoicing/runs?state=failed&window=24h")).isEqualTo(1);
        assertThat(total(a, "/api/v1/workflows/invoicing/runs?state=failed&window=24h")).isZero();
        assertThat(server.read(a, "/api/v1/workflows/checkout/runs?state=running").get("runs").findValuesAsString("id"))
                .containsExactly(inFlight);
        assertThat(total(a, "/api/v1/workflows/invoicing/runs?state=running")).isZero();
        assertThat(total(b, "/api/v1/workflows/checkout/runs?state=running")).isZero();
        assertThat(total(b, "/api/v1/workflows/checkout/runs?state=stuck")).isZero();
        // Only a's sender still reports the id in flight (for 3 minutes now): b's run of that id is lost all the same.
        server.ingest(a, sdk(60_000), List.of(), List.of(inFlight));
        Thread.sleep(3 * 100 + 300);
        sweeper.sweep();
        assertThat(server.read(a, "/api/v1/runs/" + inFlight).get("status").asString()).isEqualTo("running");
        assertThat(server.read(b, "/api/v1/runs/" + inFlight).get("status").asString()).isEqualTo("lost");
    }

    private long total(Project project, String path) {
        return server.read(project, path).get("total").asLong();
    }

    @Test
    void aLateRetryOfAnOlderRunningRecordDoesNotUndoNewerSteps() {
        Project project = server.newProject();
        Run shape = ended("checkout", Instant.now(), 3000, null, "charge_card", "reserve_inventory", "notify_warehouse");
        String id = newId();
        Run oneStep = runningWith(id, shape, 1);
        Run twoSteps = runningWith(id, shape, 2);

        server.ingest(project, List.of(twoSteps));
        // A retry of an earlier batch arrives late: the run had one step then.
        server.ingest(project, List.of(oneStep));
        assertThat(server.read(project, "/api/v1/runs/" + id).get("steps")).hasSize(2);
        // The same within one batch.
        server.ingest(project, List.of(twoSteps, oneStep));
        assertThat(server.read(project, "/api/v1/runs/" + id).get("steps")).hasSize(2);
        // A newer record still updates it.
        server.ingest(project, List.of(runningWith(id, shape, 3)));
        JsonNode run = server.read(project, "/api/v1/runs/" + id);
        assertThat(run.get("status").asString()).isEqualTo("running");
        assertThat(run.get("steps")).hasSize(3);
    }

    /** A running record of {@code id} with the first {@code steps} steps of {@code shape}. */
    private static Run runningWith(String id, Run shape, int steps) {
        return new Run(id, shape.workflow(), RunStatus.RUNNING, shape.startedAt(), null, null, null,
                shape.steps().subList(0, steps), Map.of(), Run.SOURCE_SDK, null, null, null);
    }

    @Test
    void badQueryParametersGet400NamingTheParameter() {
        Project project = server.newProject();

        Answer window = server.get(project.readKey(), "/api/v1/health?window=forever");
        Answer state = server.get(project.readKey(), "/api/v1/workflows/x/runs?state=weird");
        Answer limit = server.get(project.readKey(), "/api/v1/workflows/x/runs?limit=abc");

        assertThat(window.status()).isEqualTo(400);
        assertThat(window.json().get("field").asString()).isEqualTo("window");
        assertThat(state.status()).isEqualTo(400);
        assertThat(state.json().get("field").asString()).isEqualTo("state");
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.json().get("field").asString()).isEqualTo("limit");
    }

    @Test
    void runsTheServerCannotStoreAreRejectedOneByOneNamingTheFieldAndTheOthersStored() {
        Project project = server.newProject();
        String body = """
                {"resource": {"instance": "i-1"},
                 "runs": [
                   {"id": "good", "workflow": "checkout", "status": "ok", "startedAt": "%1$s", "durationMs": 12.5},
                   {"id": "year-10000", "workflow": "checkout", "status": "running", "startedAt": "+10000-01-01T00:00:00Z"},
                   {"id": "before-1970", "workflow": "checkout", "status": "running", "startedAt": "0001-01-01T00:00:00Z"},
                   {"id": "300-years", "workflow": "checkout", "status": "ok", "startedAt": "2000-01-01T00:00:00Z",
                    "endedAt": "2300-01-01T00:00:00Z"},
                   {"id": "nul-workflow", "workflow": "check\\u0000out", "status": "ok", "startedAt": "%1$s", "durationMs": 1},
                   {"id": "nul-attribute", "workflow": "checkout", "status": "ok", "startedAt": "%1$s", "durationMs": 1,
                    "attributes": {"note": "a\\u0000b"}},
                   {"id": "nul-step", "workflow": "checkout", "status": "ok", "startedAt": "%1$s", "durationMs": 1,
                    "steps": [{"name": "charge\\u0000", "status": "ok", "startedAt": "%1$s", "durationMs": 1}]},
                   {"id": "also-good", "workflow": "checkout", "status": "failed", "startedAt": "%1$s", "durationMs": 3,
                    "error": {"type": "X", "message": "half of a pair: \\ud800"}}
                 ]}""".formatted(AN_HOUR_AGO);

        Answer answer = server.post(project.ingestKey(), body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode json = answer.json();
        assertThat(json.get("accepted").asInt()).isEqualTo(2);
        assertThat(json.get("rejected").valueStream().map(r -> r.get("field").asString()).toList()).containsExactly(
                "runs[1].startedAt", "runs[2].startedAt", "runs[3].endedAt", "runs[4].workflow",
                "runs[5].attributes.note", "runs[6].steps[0].name");
        assertThat(json.get("rejected").get(2).get("message").asString()).contains("within ten years of startedAt");
        assertThat(json.get("rejected").get(3).get("message").asString()).contains("U+0000");
        assertThat(json.get("rejected").get(3).get("id").asString()).isEqualTo("nul-workflow");
        assertThat(server.read(project, "/api/v1/runs/good").get("status").asString()).isEqualTo("ok");
        assertThat(server.read(project, "/api/v1/runs/also-good").get("status").asString()).isEqualTo("failed");
        assertThat(server.read(project, "/api/v1/health").get("workflows").get(0).get("runs").asLong()).isEqualTo(2);
    }

    @Test
    void runsAtTheEdgesOfTheStoredYearsCanBeReadAndRolledUp() throws SQLException {
        Project project = server.newProject();
        String body = """
                {"resource": {"instance": "i-1"},
                 "runs": [
                   {"id": "first-day", "workflow": "edges", "status": "running", "startedAt": "1970-01-01T00:00:00Z"},
                   {"id": "ended-first-day", "workflow": "edges", "status": "failed", "startedAt": "1970-01-01T00:00:00Z",
                    "endedAt": "1970-01-01T00:00:01Z"},
                   {"id": "last-day", "workflow": "edges", "status": "ok", "startedAt": "9999-12-31T23:59:00Z",
                    "endedAt": "9999-12-31T23:59:59.999999Z",
                    "steps": [{"name": "s", "status": "ok", "startedAt": "1970-01-01T00:00:00Z", "durationMs": 1}]}
                 ]}""";

        Answer answer = server.post(project.ingestKey(), body);
        rollups.rollUp();

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("accepted").asInt()).as(answer.body()).isEqualTo(3);
        JsonNode lastDay = server.read(project, "/api/v1/runs/last-day");
        assertThat(lastDay.get("durationMs").asDouble()).isGreaterThan(59_999.0);
        assertThat(lastDay.get("steps").get(0).get("offsetMs").asDouble()).as("8030 years before its run").isLessThan(-2.5e14);
        JsonNode running = server.read(project, "/api/v1/workflows/edges/runs?state=stuck");
        assertThat(running.get("runs").get(0).get("id").asString()).isEqualTo("first-day");
        assertThat(running.get("runs").get(0).get("ageMs").asDouble()).isGreaterThan(1.7e12);
        assertThat(server.read(project, "/api/v1/workflows/edges").get("summary").get("stuck").asLong()).isEqualTo(1);
        JsonNode firstDay = server.read(project, "/api/v1/health?from=1970-01-01T00:00:00Z&to=1970-01-02T00:00:00Z");
        assertThat(firstDay.get("workflows").get(0).get("failed").asLong()).isEqualTo(1);
    }

    @Test
    void aSenderFieldPostgresCannotStoreGets400AndAnInflightIdItCannotStoreIsIgnored() {
        Project project = server.newProject();
        Run run = ended("checkout", AN_HOUR_AGO, 10, null);

        Answer badSender = server.post(project.ingestKey(), """
                {"resource": {"service": "shop\\u0000", "instance": "i-1"}, "runs": []}""");
        Answer badInflight = server.post(project.ingestKey(),
                WireFormat.encode(new RunBatch(sdk(30_000), List.of(run), List.of(run.id(), "x\u0000y"))));

        assertThat(badSender.status()).isEqualTo(400);
        assertThat(badSender.json().get("field").asString()).isEqualTo("resource.service");
        assertThat(badSender.json().get("error").asString()).contains("U+0000");
        assertThat(badInflight.status()).as(badInflight.body()).isEqualTo(202);
        assertThat(server.read(project, "/api/v1/runs/" + run.id()).get("status").asString()).isEqualTo("ok");
    }

    @Test
    void aRunPostgresRefusesCostsOnlyItselfNotItsBatch() {
        Project project = server.newProject();
        // Stands for any value PostgreSQL refuses that the server did not foresee.
        jdbc.execute("ALTER TABLE runs ADD CONSTRAINT test_refused CHECK (workflow <> 'refused-by-postgres') NOT VALID");
        try {
            Run first = ended("checkout", AN_HOUR_AGO, 10, null);
            Run refused = ended("refused-by-postgres", AN_HOUR_AGO, 10, null);
            Run last = ended("checkout", AN_HOUR_AGO, 10, null);

            Answer answer = server.post(project.ingestKey(), WireFormat.encode(RunBatch.of(sdk(0), List.of(first, refused, last))));

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("accepted").asInt()).isEqualTo(2);
            JsonNode reject = answer.json().get("rejected").get(0);
            assertThat(reject.get("field").asString()).isEqualTo("runs[1]");
            assertThat(reject.get("id").asString()).isEqualTo(refused.id());
            assertThat(reject.get("message").asString()).contains("PostgreSQL could not store it").contains("test_refused");
            assertThat(server.read(project, "/api/v1/health").get("workflows").get(0).get("runs").asLong()).isEqualTo(2);
        } finally {
            jdbc.execute("ALTER TABLE runs DROP CONSTRAINT test_refused");
        }
    }

    @Test
    void aBrokenGzipBodyGets400AndAnUnsupportedEncoding415() {
        Project project = server.newProject();
        byte[] gzip = TestServer.gzip(WireFormat.encode(RunBatch.of(sdk(0), List.of(ended("checkout", AN_HOUR_AGO, 5, null))))
                .getBytes(StandardCharsets.UTF_8));

        Answer truncated = server.post(project.ingestKey(), WireFormat.INGEST_PATH, Arrays.copyOf(gzip, gzip.length / 2), "gzip");
        Answer notGzip = server.post(project.ingestKey(), WireFormat.INGEST_PATH, "{}".getBytes(StandardCharsets.UTF_8), "gzip");
        Answer brotli = server.post(project.ingestKey(), WireFormat.INGEST_PATH, gzip, "br");

        assertThat(truncated.status()).as(truncated.body()).isEqualTo(400);
        assertThat(truncated.json().get("error").asString()).contains("not valid gzip");
        assertThat(notGzip.status()).as(notGzip.body()).isEqualTo(400);
        assertThat(brotli.status()).isEqualTo(415);
        assertThat(brotli.json().get("error").asString()).contains("Content-Encoding br is not supported");
        assertThat(server.read(project, "/api/v1/health").get("hasRuns").asBoolean()).isFalse();
    }

    @Test
    void aNumberTheWireFormatCannotReadNeverGetsA5xx() {
        Project project = server.newProject();
        Answer answer = server.post(project.ingestKey(), """
                {"resource": {"instance": "i-1"}, "runs": [{"id": "a", "workflow": "checkout", "status": "ok",
                 "startedAt": "2026-12-04T15:00:00Z", "durationMs": 1e99999999999}]}""");

        // The wire format refuses such numbers as malformed, cheaply, before anything is scaled or stored.
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("error").asString()).contains("number out of range");
    }
}
