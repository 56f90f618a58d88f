package dev.kodo.samples.checkout;

import static dev.kodo.test.ExpectedStep.failed;
import static dev.kodo.test.ExpectedStep.ok;
import static dev.kodo.test.KodoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.spring.testing.LoopbackIngestServer;
import dev.kodo.test.KodoTest;
import dev.kodo.test.RecordedRuns;
import dev.kodo.test.RunAssert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The sample as a user runs it: real HTTP requests to its endpoint. The test kit ({@code @KodoTest},
 * {@link RecordedRuns}) sees the runs the application's own {@code Kodo} records; the tests also check what it ships
 * over real HTTP to a Kodo ingest endpoint on loopback, decoded with the wire format.
 */
@KodoTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "kodo.api-key=k-sample", "kodo.reporter.flush-interval=50ms",
        "checkout.simulation.failure-rate=0", "checkout.simulation.slow-rate=0",
        "checkout.simulation.work-delay=5ms", "checkout.simulation.slow-delay=150ms"})
class CheckoutApplicationTests {

    static final LoopbackIngestServer KODO = LoopbackIngestServer.start();

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    Simulation simulation;

    @DynamicPropertySource
    static void kodoServer(DynamicPropertyRegistry registry) {
        registry.add("kodo.endpoint", KODO::endpoint);
    }

    @BeforeEach
    void forgetEarlierRuns() throws InterruptedException {
        KODO.awaitEndedRuns(Integer.MAX_VALUE, Duration.ofMillis(200));
        KODO.clear();
    }

    @AfterEach
    void calm() {
        simulation.setFailureRate(0);
        simulation.setSlowRate(0);
    }

    @AfterAll
    static void stopKodo() {
        KODO.close();
    }

    @Test
    void aCheckoutShipsOneOkRunWithItsFourStepsInOrder(RecordedRuns runs) throws Exception {
        String order = order("MUG-RED");
        HttpResponse<String> response = post("/checkout", order);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"fulfilled\"");
        Run run = shipped(runs.single("checkout-fulfillment").id());
        assertThat(run.workflow()).isEqualTo("checkout-fulfillment");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.failedStep()).isNull();
        assertThat(run.stuckAfter()).isEqualTo(Duration.ofMinutes(10));
        assertStepsInOrderWithinTheRun(run, "charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled");
        assertThat(KODO.batches()).allMatch(batch -> batch.batch().resource().service().equals("checkout"));
        assertThat(KODO.authorizations()).allMatch("Bearer k-sample"::equals);
    }

    @Test
    void anOutOfStockOrderFailsAtReserveInventory(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = post("/checkout", order("OUT-OF-STOCK"));

        assertThat(response.statusCode()).isEqualTo(409);
        Run recorded = runs.single("checkout-fulfillment");
        assertThat(recorded)
                .failedAt("reserve_inventory")
                .hasErrorOfType(CheckoutFailedException.class)
                .hasErrorMessageContaining("OUT-OF-STOCK is out of stock")
                .hasStepsInOrder(ok("charge_card"), failed("reserve_inventory"))
                .step("reserve_inventory").hasErrorOfType(CheckoutFailedException.class);

        Run run = shipped(recorded.id());
        assertThat(run).failedAt("reserve_inventory")
                .hasErrorOfType(CheckoutFailedException.class)
                .hasErrorMessageContaining("OUT-OF-STOCK is out of stock")
                .hasStepsInOrder(ok("charge_card"), failed("reserve_inventory"))
                .step("reserve_inventory").hasErrorOfType(CheckoutFailedException.class);
        assertStepsInOrderWithinTheRun(run, "charge_card", "reserve_inventory");
    }

    @Test
    void theAsyncEndpointRecordsTheSameRunOnceItsFutureCompletes(RecordedRuns runs) throws Exception {
        HttpResponse<String> response = post("/checkout/async", order("MUG-BLUE"));

        assertThat(response.statusCode()).isEqualTo(200);
        // reserve_inventory ran on Spring's task executor; the run ends when the future completes.
        Run run = runs.await("checkout-fulfillment", 1).get(0);
        assertThat(run).isOk()
                .hasStepsInOrder("charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled");
    }

    @Test
    void aFailureRateOfOneFailsTheRunAtItsFirstStep(RecordedRuns runs) throws Exception {
        simulation.setFailureRate(1);
        HttpResponse<String> response = post("/checkout", order("MUG-GREEN"));

        assertThat(response.statusCode()).isEqualTo(402);
        // With every step failing, the first one called is the one that broke the run.
        Run recorded = runs.single("checkout-fulfillment");
        assertThat(recorded).failedAt("charge_card").hasStepsInOrder(failed("charge_card"));

        Run run = shipped(recorded.id());
        assertThat(run).failedAt("charge_card")
                .hasErrorOfType(CheckoutFailedException.class)
                .hasErrorMessageContaining("card declined for order")
                .hasStepsInOrder(failed("charge_card"))
                .step("charge_card").hasErrorOfType(CheckoutFailedException.class);
        assertStepsInOrderWithinTheRun(run, "charge_card");
    }

    @Test
    void slowStepsShowInTheRecordedDurations(RecordedRuns runs) throws Exception {
        simulation.setSlowRate(1);
        assertThat(post("/checkout", order("MUG-SLOW")).statusCode()).isEqualTo(200);

        Duration slow = simulation.getSlowDelay();
        List<String> steps = List.of("charge_card", "reserve_inventory", "notify_warehouse", "mark_fulfilled");
        Run recorded = runs.single("checkout-fulfillment");
        Run run = shipped(recorded.id());
        assertStepsInOrderWithinTheRun(run, steps.toArray(String[]::new));
        // What the server received took as long as what the application recorded.
        for (Run each : List.of(recorded, run)) {
            RunAssert asserted = assertThat(each).isOk().tookAtLeast(slow.multipliedBy(4));
            for (String step : steps) {
                asserted.step(step).isOk().tookAtLeast(slow);
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            // The wire carries milliseconds with a fraction: equal to well under a millisecond.
            assertThat(run.steps().get(i).duration())
                    .isCloseTo(recorded.steps().get(i).duration(), Duration.ofMillis(1));
        }
    }

    /** Steps ran one after the other, each inside the run, in the given order. */
    private static void assertStepsInOrderWithinTheRun(Run run, String... names) {
        List<Step> steps = run.steps();
        assertThat(steps).extracting(Step::name).containsExactly(names);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            assertThat(step.startedAt()).isAfterOrEqualTo(run.startedAt().minusMillis(1));
            assertThat(step.endedAt()).isBeforeOrEqualTo(run.endedAt().plusMillis(1));
            if (i > 0) {
                assertThat(step.startedAt()).isAfterOrEqualTo(steps.get(i - 1).endedAt().minusMillis(1));
            }
        }
    }

    /**
     * The run the receiver got with this id (the one the test kit recorded for the request just made), received
     * once. Chosen by id: a run of an earlier test may still arrive late on a loaded machine.
     */
    private static Run shipped(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Run> mine = List.of();
        while (mine.isEmpty() && System.nanoTime() < deadline) {
            mine = KODO.awaitEndedRuns(1, Duration.ofMillis(200)).stream().filter(r -> r.id().equals(id)).toList();
            if (mine.isEmpty()) {
                Thread.sleep(50);
            }
        }
        assertThat(mine).as("the run %s, shipped once", id).hasSize(1);
        return mine.get(0);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String order(String sku) {
        return "{\"id\":\"ord_" + UUID.randomUUID().toString().substring(0, 8) + "\",\"sku\":\"" + sku
                + "\",\"quantity\":2,\"amountCents\":2400}";
    }
}
