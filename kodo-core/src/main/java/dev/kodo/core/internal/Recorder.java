package dev.kodo.core.internal;

import dev.kodo.core.WorkflowBody;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunLimits;
import dev.kodo.core.sink.RunSink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Starts and ends runs, keeps the registry of runs in flight, and hands every run to the sinks. One per
 * {@code Kodo} instance.
 */
public final class Recorder {

    /** Runs in flight beyond this many are still recorded, but not tracked for heartbeats and stuck detection. */
    public static final int MAX_TRACKED_IN_FLIGHT = 100_000;

    private static final RateLimitedLogger LOG =
            new RateLimitedLogger(System.getLogger("dev.kodo"), 1, TimeUnit.MINUTES);

    /** Counters of what the recorder had to drop or could not do. */
    public final Stats stats = new Stats();

    private final Duration defaultStuckAfter;
    private final Map<String, Duration> stuckAfterByWorkflow;
    private final ConcurrentHashMap<String, ActiveRun> inFlight = new ConcurrentHashMap<>();
    private volatile RunSink[] sinks;

    /**
     * @param defaultStuckAfter    stuck-after for runs without a hint or a per-workflow setting; {@code null}
     *                             leaves it to the server
     * @param stuckAfterByWorkflow per-workflow stuck-after settings
     * @param sinks                where runs go
     */
    public Recorder(Duration defaultStuckAfter, Map<String, Duration> stuckAfterByWorkflow, List<RunSink> sinks) {
        this.defaultStuckAfter = defaultStuckAfter;
        this.stuckAfterByWorkflow = Map.copyOf(stuckAfterByWorkflow);
        this.sinks = sinks.toArray(new RunSink[0]);
    }

    /** Runs {@code body} as a new run of {@code workflow}, current on this thread while it runs. */
    public <T, E extends Throwable> T run(String workflow, Duration stuckAfter, WorkflowBody<T, E> body) throws E {
        ActiveRun run = start(workflow, stuckAfter);
        ContextHolder holder = ContextHolder.get();
        ActiveRun previousRun = holder.run;
        String previousStep = holder.step;
        holder.run = run;
        holder.step = null;
        T value;
        try {
            value = body.run(run);
        } catch (Throwable t) {
            holder.run = previousRun;
            holder.step = previousStep;
            run.end(t);
            throw t;
        }
        holder.run = previousRun;
        holder.step = previousStep;
        run.end(null);
        return value;
    }

    /** Starts a run whose end is reported later; {@link Execution#enter()} makes it current. */
    public Execution startAsync(String workflow, Duration stuckAfter) {
        return new RunExecution(start(workflow, stuckAfter));
    }

    /** Starts a run of {@code workflow}; the caller must end it. */
    public ActiveRun start(String workflow, Duration stuckAfter) {
        String name = cleanName(workflow, "workflow");
        String[] trace = TraceContext.current();
        // Shipped as the run's hint: its own, else its workflow's setting. The application-wide default is not
        // a hint (it would override the server's per-workflow setting); it serves local stuck detection only.
        ActiveRun run = new ActiveRun(this, Ids.newRunId(), name, Instant.now(), System.nanoTime(),
                stuckAfter != null ? stuckAfter : stuckAfterByWorkflow.get(name),
                trace == null ? null : trace[0], trace == null ? null : trace[1]);
        if (inFlight.size() < MAX_TRACKED_IN_FLIGHT) {
            inFlight.put(run.id(), run);
        } else {
            stats.untrackedRuns.increment();
        }
        for (RunSink sink : sinks) {
            try {
                sink.onStart(run);
            } catch (Throwable t) {
                sinkFailed(sink, t);
            }
        }
        return run;
    }

    void ended(ActiveRun run, Run snapshot) {
        inFlight.remove(run.id());
        for (RunSink sink : sinks) {
            try {
                sink.onEnd(snapshot);
            } catch (Throwable t) {
                sinkFailed(sink, t);
            }
        }
    }

    /** The runs in flight now (a live, weakly consistent view). */
    public Collection<? extends InFlightRun> inFlight() {
        return Collections.unmodifiableCollection(inFlight.values());
    }

    /**
     * The stuck-after this process applies to a workflow's runs without a hint: the workflow's setting, else the
     * configured default, else {@link InFlightRun#DEFAULT_STUCK_AFTER}.
     */
    public Duration localStuckAfter(String workflow) {
        Duration own = stuckAfterByWorkflow.get(workflow);
        if (own != null) {
            return own;
        }
        return defaultStuckAfter != null ? defaultStuckAfter : InFlightRun.DEFAULT_STUCK_AFTER;
    }

    /** Adds a sink; runs that end from now on reach it too. */
    public synchronized void addSink(RunSink sink) {
        RunSink[] grown = Arrays.copyOf(sinks, sinks.length + 1);
        grown[sinks.length] = sink;
        sinks = grown;
    }

    /** Removes a sink added before; does nothing if it is not there. */
    public synchronized void removeSink(RunSink sink) {
        List<RunSink> kept = new ArrayList<>(Arrays.asList(sinks));
        if (kept.remove(sink)) {
            sinks = kept.toArray(new RunSink[0]);
        }
    }

    /** The sinks, in the order they receive runs. */
    public List<RunSink> sinks() {
        return List.of(sinks);
    }

    /** A limit of {@link RunLimits} was hit: counted, and said at most once a minute so nobody wonders where data went. */
    void dropped(LongAdder counter, String what, String workflow, int limit) {
        counter.increment();
        LOG.log(Level.WARNING, "dropped " + what, () -> "Kodo: a run of " + workflow + " has more than " + limit
                + " " + what + "; the rest are not recorded (counted as kodo.recorder.dropped, what=" + what + ")",
                null);
    }

    void internalError(String what, RuntimeException e) {
        stats.internalErrors.increment();
        LOG.log(Level.WARNING, "internal", () -> "Kodo: internal error while " + what
                + "; your code was not affected, the record may be incomplete: " + e, e);
    }

    private void sinkFailed(RunSink sink, Throwable t) {
        stats.sinkErrors.increment();
        LOG.log(Level.WARNING, "sink", () -> "Kodo: run sink " + sink + " threw " + t
                + "; sinks must not throw (the run was still passed to the other sinks)", t);
    }

    /** A usable name: never {@code null} or empty, at most {@link RunLimits#MAX_NAME_LENGTH} characters. */
    static String cleanName(String name, String fallback) {
        if (name == null || name.isEmpty()) {
            return fallback;
        }
        return name.length() <= RunLimits.MAX_NAME_LENGTH ? name : name.substring(0, RunLimits.MAX_NAME_LENGTH);
    }

    /** What the recorder dropped or could not do; all zero in a healthy application. */
    public static final class Stats {
        /** Steps that ended after their run had ended (e.g. an asynchronous step nobody waited for). */
        public final LongAdder lateSteps = new LongAdder();
        /** Steps beyond {@link RunLimits#MAX_STEPS} in one run. */
        public final LongAdder droppedSteps = new LongAdder();
        /** Attributes beyond {@link RunLimits#MAX_ATTRIBUTES} in one run. */
        public final LongAdder droppedAttributes = new LongAdder();
        /** Runs started while {@link #MAX_TRACKED_IN_FLIGHT} runs were already in flight. */
        public final LongAdder untrackedRuns = new LongAdder();
        /** Exceptions thrown by sinks. */
        public final LongAdder sinkErrors = new LongAdder();
        /** Bugs in Kodo itself, caught before they reached user code. */
        public final LongAdder internalErrors = new LongAdder();
    }
}
