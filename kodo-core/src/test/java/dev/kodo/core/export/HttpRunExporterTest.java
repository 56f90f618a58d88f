package dev.kodo.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP exporter against a real HTTP server on loopback (DESIGN sections 4 and 5). */
class HttpRunExporterTest {

    private final IngestReceiver receiver;

    HttpRunExporterTest() throws IOException {
        receiver = new IngestReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    /**
     * The timer is far off so that only {@code flush()}, a full batch or close sends: requests can then be counted
     * exactly. Tests of the timer set their own interval.
     */
    private Kodo.Builder kodo(URI endpoint) {
        return Kodo.builder().apiKey("test-key").endpoint(endpoint).service("checkout-service")
                .environment("test").registerShutdownHook(false).flushInterval(Duration.ofMinutes(10));
    }

    private static void runs(Kodo kodo, int count) {
        for (int i = 0; i < count; i++) {
            int n = i;
            kodo.run("checkout-fulfillment", wf -> {
                wf.attribute("n", String.valueOf(n));
                wf.step("charge_card", () -> n);
            });
        }
    }

    @Test
    void runsArriveInBatchesWithTheBearerKeyAndTheResource() throws Exception {
        try (Kodo kodo = kodo(receiver.endpoint()).batchSize(10).build()) {
            runs(kodo, 25);
            assertThat(kodo.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(kodo.reporterStats().sent()).isEqualTo(25);
        }

        List<IngestReceiver.Request> requests = receiver.requests();
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer test-key");
            assertThat(r.runs()).hasSizeLessThanOrEqualTo(10);
            assertThat(r.runs()).isNotEmpty();
            assertThat(r.batch().batch().resource().service()).isEqualTo("checkout-service");
            assertThat(r.batch().batch().resource().environment()).isEqualTo("test");
            assertThat(r.batch().batch().resource().sdk()).startsWith("kodo-java/");
        });
        assertThat(receiver.latest()).hasSize(25);
        assertThat(receiver.latest().values()).allSatisfy(run -> {
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.steps()).hasSize(1);
        });
        // Each run that started and ended between flushes is sent exactly once.
        assertThat(receiver.allRecords()).hasSize(25);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aFullBatchIsSentWithoutWaitingForTheTimer() throws Exception {
        try (Kodo kodo = kodo(receiver.endpoint()).batchSize(10).build()) {
            runs(kodo, 10);
            // No flush(): the timer is ten minutes away, so only the full batch can have woken the sender.
            assertThat(receiver.awaitFinal(10, 10_000)).hasSize(10);
        }
    }

    @Test
    void runsAreSentWhenTheFlushIntervalPassesWithoutAFullBatch() throws Exception {
        try (Kodo kodo = kodo(receiver.endpoint()).batchSize(1000).flushInterval(Duration.ofMillis(200)).build()) {
            runs(kodo, 5);
            assertThat(receiver.awaitFinal(5, 10_000)).hasSize(5);
            // Batched, not one request per run (cycle boundaries may fall between some of the five).
            assertThat(receiver.requests().size()).isLessThan(5);
        }
    }

    @Test
    void largeBodiesAreGzippedAndStillValidJson() throws Exception {
        try (Kodo kodo = kodo(receiver.endpoint()).build()) {
            runs(kodo, 50);
            kodo.flush(Duration.ofSeconds(10));
        }
        IngestReceiver.Request request = receiver.requests().get(0);
        assertThat(request.contentEncoding()).isEqualTo("gzip");
        assertThat(request.rawBody().length).isLessThan(request.json().length());
        assertThat(new ObjectMapper().readTree(request.json()).path("runs").size()).isEqualTo(50);
    }

    @Test
    void a503WithRetryAfterIsRetriedAfterThatLong() throws Exception {
        receiver.then(503, "1");
        try (Kodo kodo = kodo(receiver.endpoint()).build()) {
            runs(kodo, 3);
            assertThat(kodo.flush(Duration.ofSeconds(15))).isTrue();
            ReporterStats stats = kodo.reporterStats();
            assertThat(stats.retried()).isEqualTo(1);
            assertThat(stats.sent()).isEqualTo(3);
            assertThat(stats.failed()).isZero();
            assertThat(stats.consecutiveFailures()).isZero();
        }
        List<IngestReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(2);
        long gapMillis = TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedAtNanos() - requests.get(0).receivedAtNanos());
        assertThat(gapMillis).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(950);
        assertThat(receiver.latest()).hasSize(3);
    }

    @Test
    void batchesAreGivenUpAfterTheMaximumRetryTimeWithoutTouchingUserCode() throws Exception {
        receiver.answerAlways(500);
        try (Kodo kodo = kodo(receiver.endpoint()).maxRetryTime(Duration.ofMillis(1500)).build()) {
            runs(kodo, 4);
            assertThat(kodo.flush(Duration.ofSeconds(20))).isFalse();
            ReporterStats stats = kodo.reporterStats();
            assertThat(stats.failed()).isEqualTo(4);
            assertThat(stats.sent()).isZero();
            assertThat(stats.retried()).isPositive();
            assertThat(stats.lastError()).contains("HTTP 500");
        }
        assertThat(receiver.requests().size()).isGreaterThan(1);
    }

    @Test
    void a401IsNotRetried() throws Exception {
        receiver.answerAlways(401);
        try (Kodo kodo = kodo(receiver.endpoint()).build()) {
            runs(kodo, 5);
            assertThat(kodo.flush(Duration.ofSeconds(10))).isFalse();
            assertThat(kodo.reporterStats().failed()).isEqualTo(5);
            assertThat(kodo.reporterStats().retried()).isZero();
            assertThat(kodo.reporterStats().lastError()).contains("401");
        }
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void a400IsNotRetried() throws Exception {
        receiver.then(400, null);
        try (Kodo kodo = kodo(receiver.endpoint()).build()) {
            runs(kodo, 2);
            kodo.flush(Duration.ofSeconds(10));
            assertThat(kodo.reporterStats().failed()).isEqualTo(2);
        }
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void a413SplitsTheBatch() throws Exception {
        receiver.then(413, null);
        try (Kodo kodo = kodo(receiver.endpoint()).build()) {
            runs(kodo, 8);
            assertThat(kodo.flush(Duration.ofSeconds(10))).isTrue();
        }
        List<IngestReceiver.Request> requests = receiver.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).runs()).hasSize(4);
        assertThat(requests.get(2).runs()).hasSize(4);
        assertThat(receiver.latest()).hasSize(8);
    }

    @Test
    void whenTheServerIsDownUserCodeRunsOnAndMemoryIsBoundedByTheQueue() throws Exception {
        URI nobodyListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobodyListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (Kodo kodo = kodo(nobodyListens).queueCapacity(100).batchSize(10)
                .shutdownTimeout(Duration.ofMillis(200)).build()) {
            int total = 20_000;
            int sum = 0;
            for (int i = 0; i < total; i++) {
                int n = i;
                sum += kodo.workflow("checkout", wf -> wf.step("charge_card", () -> n % 2));
            }
            assertThat(sum).isEqualTo(total / 2);
            ReporterStats stats = kodo.reporterStats();
            assertThat(stats.queued()).isLessThanOrEqualTo(100);
            // At most one batch is out of the queue at a time, being retried.
            assertThat(stats.dropped()).isGreaterThanOrEqualTo(total - 100 - 10);
            assertThat(stats.sent()).isZero();
            assertThat(stats.lastError()).contains("cannot reach");
        }
    }

    @Test
    void closeDeliversEverythingQueuedWhenTheServerIsUp() throws Exception {
        Kodo kodo = kodo(receiver.endpoint()).flushInterval(Duration.ofMinutes(5)).batchSize(100)
                .queueCapacity(5000).shutdownTimeout(Duration.ofSeconds(20)).build();
        runs(kodo, 1000);
        assertThat(receiver.requests()).isEmpty();
        kodo.close();
        assertThat(receiver.latest()).hasSize(1000);
        assertThat(kodo.reporterStats().sent()).isEqualTo(1000);
        assertThat(kodo.reporterStats().dropped()).isZero();
    }

    @Test
    void aLongRunIsAnnouncedAsRunningThenHeartbeatedThenSentFinal() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch announced = new CountDownLatch(1);
        String[] runId = new String[1];
        try (Kodo kodo = kodo(receiver.endpoint()).flushInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofMillis(300)).build()) {
            Thread worker = new Thread(() -> {
                try {
                    kodo.run("nightly-invoicing", wf -> {
                        runId[0] = wf.id();
                        wf.step("load_accounts", () -> 1);
                        announced.countDown();
                        release.await();
                        wf.step("send_invoices", () -> 2);
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            worker.start();
            announced.await();
            // Wait until the server has seen the run as running and in a heartbeat.
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !sawHeartbeatWith(runId[0])) {
                Thread.sleep(50);
            }
            release.countDown();
            worker.join();
            assertThat(kodo.flush(Duration.ofSeconds(10))).isTrue();
        }

        List<Run> records = receiver.allRecords().stream().filter(r -> r.id().equals(runId[0])).toList();
        assertThat(records).extracting(Run::status).containsExactly(RunStatus.RUNNING, RunStatus.OK);
        assertThat(records.get(0).steps()).extracting(s -> s.name()).containsExactly("load_accounts");
        assertThat(records.get(0).endedAt()).isNull();
        assertThat(records.get(1).steps()).hasSize(2);
        assertThat(sawHeartbeatWith(runId[0])).isTrue();
        assertThat(receiver.requests().get(0).batch().batch().resource().heartbeatIntervalMs()).isEqualTo(300);
    }

    private boolean sawHeartbeatWith(String id) {
        return receiver.requests().stream().anyMatch(r -> r.batch() != null && r.batch().batch().inflight() != null
                && r.batch().batch().inflight().contains(id));
    }

    @Test
    void heartbeatsKeepComingWhileABatchIsBeingRetried() throws Exception {
        receiver.refuseRunsWith(503);
        try (Kodo kodo = kodo(receiver.endpoint()).flushInterval(Duration.ofMillis(100))
                .heartbeatInterval(Duration.ofMillis(200)).maxRetryTime(Duration.ofMinutes(1)).shutdownTimeout(Duration.ofMillis(200)).build()) {
            runs(kodo, 3);
            // A sender stuck in its backoff would let no heartbeat through while the batch is retried.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long heartbeats = 0;
            long refused = 0;
            while (System.nanoTime() < deadline && (heartbeats < 4 || refused == 0)) {
                Thread.sleep(50);
                List<IngestReceiver.Request> requests = receiver.requests();
                heartbeats = requests.stream().filter(r -> r.batch() != null && r.runs().isEmpty()).count();
                refused = requests.stream().filter(r -> r.batch() == null).count();
            }
            assertThat(refused).as("the batch of runs is being retried").isPositive();
            assertThat(heartbeats).isGreaterThanOrEqualTo(4);
            assertThat(kodo.reporterStats().sent()).as("still retrying: maxRetryTime is a minute").isZero();
        }
    }

    @Test
    void closeAnnouncesRunsStillInFlight() throws Exception {
        Kodo kodo = kodo(receiver.endpoint()).flushInterval(Duration.ofMinutes(5)).build();
        kodo.workflowAsync("webhook-delivery", wf -> new java.util.concurrent.CompletableFuture<>());
        kodo.close();
        Map<String, Run> latest = receiver.latest();
        assertThat(latest.values()).singleElement()
                .satisfies(run -> assertThat(run.status()).isEqualTo(RunStatus.RUNNING));
    }

    @Test
    void withoutAnApiKeyNothingIsShippedAndOneLineSaysSo() {
        List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.kodo");
        logger.addHandler(handler);
        try (Kodo kodo = Kodo.builder().endpoint(receiver.endpoint()).registerShutdownHook(false).build()) {
            runs(kodo, 3);
            assertThat(kodo.flush(Duration.ofSeconds(1))).isTrue();
            assertThat(kodo.reporterStats().enabled()).isFalse();
            assertThat(kodo.processHealth().workflow("checkout-fulfillment").runs()).isEqualTo(3);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(receiver.requests()).isEmpty();
        assertThat(records).filteredOn(r -> r.getMessage().contains("no API key")).hasSize(1);
    }
}
