package dev.kodo.test;

import dev.kodo.core.run.Run;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runs recorded since the current test started, by every {@code Kodo} instance in this JVM (kodo-test adds its
 * sink to each one through {@link KodoTestSinkProvider}). {@link KodoExtension} clears it before each test and
 * injects it as a parameter. A run that started before the current test and ends during it (work an earlier test
 * left running) is not recorded. Thread-safe: runs may end on any thread; {@link #await} waits for asynchronous ones.
 *
 * <pre>{@code
 * @KodoTest
 * class CheckoutTest {
 *     @Test
 *     void declinedCardsFailAtChargeCard(RecordedRuns runs) {
 *         checkout.fulfill(orderWithDeclinedCard);
 *         assertThat(runs.single("checkout-fulfillment")).failedAt("charge_card");
 *     }
 * }
 * }</pre>
 *
 * <p>Runs are collected per JVM, so tests that run in parallel in one JVM see each other's runs: keep Kodo tests
 * in the same thread, or tell runs apart by workflow or attribute.
 */
public final class RecordedRuns {

    /** How long {@link #await(String, int)} waits by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final RecordedRuns SHARED = new RecordedRuns(new InMemoryRunSink());

    private final InMemoryRunSink sink;
    /** Runs that started before this instant belong to an earlier test. */
    private volatile Instant testStartedAt = Instant.MIN;
    private final RunSink recording = new RunSink() {
        @Override
        public void onEnd(Run run) {
            // The same clock as the run's start (Instant.now() in core).
            if (!run.startedAt().isBefore(testStartedAt)) {
                sink.onEnd(run);
            }
        }
    };

    private RecordedRuns(InMemoryRunSink sink) {
        this.sink = sink;
    }

    /** The runs recorded in this JVM. */
    public static RecordedRuns shared() {
        return SHARED;
    }

    RunSink sink() {
        return recording;
    }

    /** Forgets every recorded run and, from now on, ignores runs that started before now. */
    void startTest() {
        testStartedAt = Instant.now();
        sink.clear();
    }

    /** Every run recorded, in the order they ended. */
    public List<Run> all() {
        return sink.runs();
    }

    /** The runs of {@code workflow}, in the order they ended. */
    public List<Run> of(String workflow) {
        return sink.runs(workflow);
    }

    /**
     * The one run of {@code workflow}.
     *
     * @throws AssertionError if there is none or more than one, listing what was recorded
     */
    public Run single(String workflow) {
        List<Run> runs = of(workflow);
        if (runs.size() != 1) {
            throw new AssertionError("Expected exactly one run of " + workflow + " but found " + runs.size()
                    + ". Recorded runs:\n" + describe());
        }
        return runs.get(0);
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} for {@code count} runs of {@code workflow}; see {@link #await(String, int, Duration)}. */
    public List<Run> await(String workflow, int count) {
        return await(workflow, count, DEFAULT_TIMEOUT);
    }

    /**
     * Waits until at least {@code count} runs of {@code workflow} have ended: for work that finishes on other
     * threads after the code under test returned.
     *
     * @return the runs of {@code workflow}
     * @throws AssertionError after {@code timeout}, listing what was recorded
     */
    public List<Run> await(String workflow, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Run> runs = of(workflow);
        while (runs.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("Waited " + timeout.toMillis() + " ms for " + count + " run(s) of " + workflow
                        + " but " + runs.size() + " ended. Recorded runs:\n" + describe());
            }
            try {
                sink.await(sink.runs().size() + 1, Math.min(50, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for runs of " + workflow, e);
            }
            runs = of(workflow);
        }
        return runs;
    }

    /** Forgets every recorded run. */
    public void clear() {
        sink.clear();
    }

    /** What was recorded, one run per line with its steps indented: what assertion messages show. */
    public String describe() {
        return Describe.runs(all());
    }

    @Override
    public String toString() {
        return all().stream().map(Run::workflow).collect(Collectors.joining(", ", "RecordedRuns[", "]"));
    }
}
