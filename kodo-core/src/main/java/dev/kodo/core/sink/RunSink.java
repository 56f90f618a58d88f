package dev.kodo.core.sink;

import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import java.time.Duration;

/**
 * Receives runs as they start and end. Sinks are how recorded runs leave the SDK: to the HTTP exporter, to
 * memory for tests, to a log, to metrics.
 *
 * <p><b>Threading contract.</b> {@link #onStart} and {@link #onEnd} are called synchronously on the thread that
 * started or ended the run, that is, on the user's thread. They must be thread-safe, must return quickly, must
 * not block and must not throw: hand work off to a queue if it is slow. An exception thrown anyway is caught,
 * counted and logged (rate-limited), never passed to the user's code.
 *
 * <pre>{@code
 * RunSink failuresToSlack = RunSink.onEnd(run -> {
 *     if (run.failed()) slackQueue.offer(run.workflow() + " failed at " + run.failedStep());
 * });
 * Kodo kodo = Kodo.builder().sink(failuresToSlack).build();
 * }</pre>
 */
public interface RunSink extends AutoCloseable {

    /** Called when a run starts. The default does nothing. */
    default void onStart(InFlightRun run) {
    }

    /** Called once when a run ends, with its final snapshot. */
    void onEnd(Run run);

    /**
     * Delivers whatever the sink buffers, waiting at most {@code timeout}.
     *
     * @return {@code true} when everything was delivered in time
     */
    default boolean flush(Duration timeout) {
        return true;
    }

    /** Flushes and releases resources. The default does nothing. */
    @Override
    default void close() {
    }

    /** A sink that ignores every run. */
    static RunSink noop() {
        return NoopRunSink.INSTANCE;
    }

    /** A sink from a callback for ended runs; the callback obeys the threading contract above. */
    static RunSink onEnd(java.util.function.Consumer<Run> onEnd) {
        java.util.Objects.requireNonNull(onEnd, "onEnd");
        return onEnd::accept;
    }

    /** A sink that keeps ended runs in memory, for tests; see {@link InMemoryRunSink}. */
    static InMemoryRunSink inMemory() {
        return new InMemoryRunSink();
    }

    /** A sink that writes one log line per ended run; see {@link LoggingRunSink}. */
    static RunSink logging() {
        return new LoggingRunSink();
    }
}
