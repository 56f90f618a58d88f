package dev.kodo.server.storage;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.newId;
import static dev.kodo.server.TestServer.running;
import static dev.kodo.server.TestServer.sdk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.server.KodoServerTest;
import dev.kodo.server.TestServer;
import dev.kodo.server.TestServer.Project;
import dev.kodo.server.health.RollupJob;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

@KodoServerTest
class LostRunsTest {

    /** Heartbeat interval of the senders in these tests: a run is lost after 3 of them, 600 ms. */
    private static final long HEARTBEAT_MS = 200;

    @Autowired
    TestServer server;
    @Autowired
    LostRunSweeper sweeper;
    @Autowired
    DataSource dataSource;
    @Autowired
    RollupJob rollups;

    @Test
    void aRunningSdkRunIsDeclaredLostAfterThreeSilentHeartbeatIntervals() throws Exception {
        Project project = server.newProject();
        Run run = running(newId(), "checkout", Instant.now().minusSeconds(5), Run.SOURCE_SDK, null);
        server.ingest(project, sdk(HEARTBEAT_MS), List.of(run), null);

        sweeper.sweep();
        assertThat(status(project, run)).as("heard of just now").isEqualTo("running");

        Thread.sleep(3 * HEARTBEAT_MS + 200);
        sweeper.sweep();

        assertThat(status(project, run)).isEqualTo("lost");
        JsonNode checkout = server.read(project, "/api/v1/health?window=1h").get("workflows").get(0);
        assertThat(checkout.get("lost").asLong()).isEqualTo(1);
        assertThat(checkout.get("runs").asLong()).isEqualTo(1);
        assertThat(checkout.get("completionRate").asDouble()).isZero();
        assertThat(checkout.get("inFlight").asLong()).isZero();
        JsonNode lost = server.read(project, "/api/v1/workflows/checkout/runs?state=lost&window=1h");
        assertThat(lost.get("runs").get(0).get("id").asString()).isEqualTo(run.id());
    }

    @Test
    void aRunMentionedInHeartbeatsStaysAlive() throws Exception {
        Project project = server.newProject();
        Resource sender = sdk(HEARTBEAT_MS);
        Run run = running(newId(), "checkout", Instant.now().minusSeconds(5), Run.SOURCE_SDK, null);
        server.ingest(project, sender, List.of(run), null);

        for (int i = 0; i < 6; i++) {
            Thread.sleep(HEARTBEAT_MS);
            server.ingest(project, sender, List.of(), List.of(run.id()));
        }
        sweeper.sweep();

        assertThat(status(project, run)).as("silent for 1.2 s of heartbeats, yet mentioned in each").isEqualTo("running");
    }

    @Test
    void aFinalRecordArrivingAfterLostReplacesIt() throws Exception {
        Project project = server.newProject();
        Run done = ended("checkout", Instant.now().minus(3, ChronoUnit.MINUTES), 100, null, "charge_card");
        server.ingest(project, sdk(HEARTBEAT_MS), List.of(running(done.id(), "checkout", done.startedAt(), Run.SOURCE_SDK, null)), null);
        Thread.sleep(3 * HEARTBEAT_MS + 200);
        sweeper.sweep();
        assertThat(status(project, done)).isEqualTo("lost");

        server.ingest(project, List.of(done));

        JsonNode run = server.read(project, "/api/v1/runs/" + done.id());
        assertThat(run.get("status").asString()).isEqualTo("ok");
        assertThat(run.get("lostAt").isNull()).as("the server remembers it was declared lost").isFalse();
        JsonNode checkout = server.read(project, "/api/v1/health?window=1h").get("workflows").get(0);
        assertThat(checkout.get("lost").asLong()).isZero();
        assertThat(checkout.get("ok").asLong()).isEqualTo(1);
        assertThat(checkout.get("completionRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void tableRunsAndRunsOfSendersWithoutHeartbeatsAreNeverLost() throws Exception {
        Project project = server.newProject();
        Run fromTable = running("deliveries:42", "webhook-delivery", Instant.now().minusSeconds(60), "table:webhook_deliveries", null);
        Run noHeartbeats = running(newId(), "checkout", Instant.now().minusSeconds(60), Run.SOURCE_SDK, null);
        server.ingest(project, sdk(HEARTBEAT_MS), List.of(fromTable), null);
        server.ingest(project, sdk(0), List.of(noHeartbeats), null);

        Thread.sleep(3 * HEARTBEAT_MS + 200);
        sweeper.sweep();

        assertThat(status(project, fromTable)).isEqualTo("running");
        assertThat(status(project, noHeartbeats)).isEqualTo("running");
    }

    @Test
    void twoInstancesSweepingAtOnceDeclareEachRunLostOnce() throws Exception {
        Project project = server.newProject();
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            runs.add(running(newId(), "import", Instant.now().minusSeconds(30), Run.SOURCE_SDK, null));
        }
        server.ingest(project, sdk(HEARTBEAT_MS), runs, null);
        Thread.sleep(3 * HEARTBEAT_MS + 200);
        LostRunSweeper other = new LostRunSweeper(dataSource, Clock.systemUTC());

        // Earlier tests may have left runs of their own past their deadline: these sweeps declare them too.
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> results = pool.invokeAll(List.<Callable<Integer>>of(sweeper::sweep, other::sweep));
            int declared = 0;
            for (Future<Integer> result : results) {
                declared += result.get();
            }
            Long lostNow = new JdbcTemplate(dataSource).queryForObject(
                    "SELECT count(*) FROM runs WHERE lost_at >= ?", Long.class, Timestamp.from(before));
            assertThat((long) declared).as("each run declared lost by exactly one of the two sweeps").isEqualTo(lostNow);
        } finally {
            pool.shutdown();
        }

        JsonNode imports = server.read(project, "/api/v1/health?window=1h").get("workflows").get(0);
        assertThat(imports.get("lost").asLong()).isEqualTo(3000);
        assertThat(imports.get("inFlight").asLong()).isZero();
    }

    @Test
    void aLostRunWhoseFinalRecordNamesAnotherWorkflowLeavesNoLostRunUnderTheOldOne() throws Exception {
        Project project = server.newProject();
        // Lost twenty minutes ago, in a minute the rollups have closed.
        Instant past = Instant.now().minus(20, ChronoUnit.MINUTES);
        Run lost = running(newId(), "import-v1", past.minusSeconds(30), Run.SOURCE_SDK, null);
        new RunStore(dataSource, Clock.fixed(past, ZoneOffset.UTC))
                .store(project.name(), new RunBatch(sdk(HEARTBEAT_MS), List.of(lost), null));
        new LostRunSweeper(dataSource, Clock.fixed(past.plusSeconds(5), ZoneOffset.UTC)).sweep();
        rollups.rollUp();
        assertThat(workflow(project, "import-v1").get("lost").asLong()).isEqualTo(1);

        // Its final record turns up at last, under the workflow's new name.
        server.ingest(project, List.of(new Run(lost.id(), "import-v2", RunStatus.OK, lost.startedAt(),
                past.plusSeconds(50), null, null, List.of(), null, null, null, null, null)));
        rollups.rollUp();

        JsonNode before = workflow(project, "import-v1");
        assertThat(before == null ? 0 : before.get("lost").asLong()).as("lost runs left under import-v1").isZero();
        JsonNode after = workflow(project, "import-v2");
        assertThat(after.get("ok").asLong()).isEqualTo(1);
        assertThat(after.get("lost").asLong()).isZero();
    }

    private JsonNode workflow(Project project, String name) {
        for (JsonNode w : server.read(project, "/api/v1/health?window=1h").get("workflows")) {
            if (w.get("workflow").asString().equals(name)) {
                return w;
            }
        }
        return null;
    }

    private String status(Project project, Run run) {
        return server.read(project, "/api/v1/runs/" + run.id()).get("status").asString();
    }

}
