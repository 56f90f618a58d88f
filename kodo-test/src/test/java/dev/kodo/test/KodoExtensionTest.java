package dev.kodo.test;

import static dev.kodo.test.ExpectedStep.failed;
import static dev.kodo.test.ExpectedStep.ok;
import static dev.kodo.test.KodoAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.InMemoryRunSink;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The test kit as a user's test uses it. */
@KodoTest
class KodoExtensionTest {

    /** The user's code under test. */
    static final class Checkout {
        private final Kodo kodo;

        Checkout(Kodo kodo) {
            this.kodo = kodo;
        }

        String fulfill(String order) throws IOException {
            return kodo.workflow("checkout-fulfillment", wf -> {
                wf.attribute("order.id", order);
                wf.step("charge_card", () -> {
                    if (order.startsWith("declined")) {
                        throw new IOException("card declined");
                    }
                });
                wf.step("reserve_inventory", () -> wf.step("lookup_stock", () -> 1));
                return "ticket-" + order;
            });
        }

        CompletionStage<String> fulfillLater(String order, ExecutorService pool) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return fulfill(order);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
        }
    }

    @Test
    void aKodoParameterRecordsIntoRecordedRuns(Kodo kodo, RecordedRuns runs) throws IOException {
        new Checkout(kodo).fulfill("A-1");

        assertThat(runs.single("checkout-fulfillment")).isOk()
                .hasStepsInOrder("charge_card", "reserve_inventory", "lookup_stock")
                .hasAttribute("order.id", "A-1")
                .step("lookup_stock").isOk().hasParent("reserve_inventory");
    }

    @Test
    void aFailingRunNamesItsStepAndError(Kodo kodo, RecordedRuns runs) {
        assertThatThrownBy(() -> new Checkout(kodo).fulfill("declined-1")).isInstanceOf(IOException.class);

        assertThat(runs.single("checkout-fulfillment")).isFailed().failedAt("charge_card")
                .hasErrorOfType(IOException.class).hasErrorMessageContaining("declined")
                .step("charge_card").isFailed().hasErrorOfType(IOException.class);
    }

    @Test
    void anyKodoBuiltDuringTheTestRecordsIntoRecordedRuns(RecordedRuns runs) throws IOException {
        try (Kodo own = Kodo.builder().registerShutdownHook(false).build()) {
            new Checkout(own).fulfill("A-2");
        }
        assertThat(runs.all()).hasSize(1);
    }

    @Test
    void runsEndingOnOtherThreadsCanBeAwaited(Kodo kodo, RecordedRuns runs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Checkout checkout = new Checkout(kodo);
            for (int i = 0; i < 20; i++) {
                checkout.fulfillLater("A-" + i, pool);
            }
            List<Run> recorded = runs.await("checkout-fulfillment", 20, Duration.ofSeconds(10));
            assertThat(recorded).hasSize(20).allSatisfy(run -> assertThat(run).isOk());
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void waitingInVainFailsWithWhatWasRecorded(Kodo kodo, RecordedRuns runs) throws IOException {
        new Checkout(kodo).fulfill("A-3");
        assertThatThrownBy(() -> runs.await("webhook-delivery", 1, Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Waited 200 ms for 1 run(s) of webhook-delivery but 0 ended")
                .hasMessageContaining("checkout-fulfillment ok")
                .hasMessageContaining("lookup_stock ok");
    }

    @Test
    void assertionFailuresShowTheRecordedRun(Kodo kodo, RecordedRuns runs) {
        assertThatThrownBy(() -> new Checkout(kodo).fulfill("declined-2")).isInstanceOf(IOException.class);
        Run run = runs.single("checkout-fulfillment");

        assertThatThrownBy(() -> assertThat(run).failedAt("reserve_inventory"))
                .hasMessageContaining("Expected the run to have failed at reserve_inventory but it failed at charge_card")
                .hasMessageContaining("checkout-fulfillment FAILED at charge_card")
                .hasMessageContaining("charge_card FAILED");
        assertThatThrownBy(() -> assertThat(run).hasStepsInOrder("charge_card", "reserve_inventory"))
                .hasMessageContaining("recorded [charge_card]");
        assertThatThrownBy(() -> runs.single("nightly-invoicing"))
                .hasMessageContaining("Expected exactly one run of nightly-invoicing but found 0");
    }

    @Test
    void retriedStepsAreAssertedInOrderWithTheirOutcomes(Kodo kodo, RecordedRuns runs) {
        kodo.run("checkout-fulfillment", wf -> {
            for (int attempt = 1; attempt <= 3; attempt++) {
                int current = attempt;
                try {
                    wf.step("charge_card", () -> {
                        if (current < 3) {
                            throw new IOException("gateway timeout " + current);
                        }
                    });
                    break;
                } catch (IOException retry) {
                    // next attempt
                }
            }
            wf.step("reserve_inventory", () -> { });
        });
        Run run = runs.single("checkout-fulfillment");

        assertThat(run).hasStepsInOrder(failed("charge_card"), failed("charge_card"), ok("charge_card"),
                        ok("reserve_inventory"))
                .stepAt(1).isFailed().hasErrorOfType(IOException.class)
                .and().stepAt(2).isOk();
        assertThatThrownBy(() -> assertThat(run).hasStepsInOrder(ok("charge_card"), ok("reserve_inventory")))
                .hasMessageContaining("Expected the steps [charge_card ok, reserve_inventory ok] in this order but "
                        + "recorded [charge_card FAILED, charge_card FAILED, charge_card ok, reserve_inventory ok]");
        assertThatThrownBy(() -> assertThat(run).stepAt(4))
                .hasMessageContaining("Expected a step at index 4 but the run has 4 step(s)");
    }

    /** Run through the JUnit engine: the extension clears recorded runs between tests. */
    @Test
    void recordedRunsAreClearedBeforeEachTest() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoTests.class)).execute()
                .testEvents();
        events.assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @KodoTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class TwoTests {
        @Test
        @Order(1)
        void first(Kodo kodo, RecordedRuns runs) {
            kodo.run("a", wf -> { });
            assertThat(runs.all()).hasSize(1);
        }

        @Test
        @Order(2)
        void second(RecordedRuns runs) {
            assertThat(runs.all()).isEmpty();
        }
    }

    /** Run through the JUnit engine: a run an earlier test left running is not the next test's. */
    @Test
    void aRunStartedInAnEarlierTestIsNotRecordedWhenItEndsInTheNext() {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(LeakingTests.class)).execute()
                .testEvents();
        events.assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @KodoTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class LeakingTests {
        static final CountDownLatch RELEASE = new CountDownLatch(1);
        static final InMemoryRunSink ENDED = new InMemoryRunSink();

        @Test
        @Order(1)
        void startsARunAndLeavesItRunning() throws InterruptedException {
            Kodo shared = Kodo.builder().registerShutdownHook(false).sink(ENDED).build();
            new Thread(() -> {
                try (shared) {
                    shared.run("late-reconciliation", wf -> RELEASE.await());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).start();
            while (shared.inFlight().isEmpty()) {
                Thread.sleep(1);
            }
        }

        @Test
        @Order(2)
        void doesNotSeeIt(Kodo kodo, RecordedRuns runs) throws InterruptedException {
            RELEASE.countDown();
            assertThat(ENDED.await(1, 10_000)).extracting(Run::workflow).containsExactly("late-reconciliation");
            kodo.run("this-test", wf -> { });

            assertThat(runs.all()).extracting(Run::workflow).containsExactly("this-test");
        }
    }
}
