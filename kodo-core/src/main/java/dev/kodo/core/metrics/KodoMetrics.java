package dev.kodo.core.metrics;

import dev.kodo.core.Kodo;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.internal.KodoAccess;
import dev.kodo.core.internal.Recorder;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.RunSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters for workflows, steps and the reporter. Tags are bounded: the workflow and step names your code
 * chose, and an outcome of {@code ok} or {@code failed}; never exception messages.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><td>{@code kodo.workflow.runs}</td><td>counter</td><td>workflow, outcome</td></tr>
 *   <tr><td>{@code kodo.workflow.duration}</td><td>timer</td><td>workflow, outcome</td></tr>
 *   <tr><td>{@code kodo.workflow.active}</td><td>gauge</td><td>workflow</td></tr>
 *   <tr><td>{@code kodo.step.duration}</td><td>timer</td><td>workflow, step, outcome</td></tr>
 *   <tr><td>{@code kodo.reporter.sent|dropped|failed|retried|rejected}</td><td>function counters</td><td></td></tr>
 *   <tr><td>{@code kodo.reporter.queue.size}</td><td>gauge</td><td></td></tr>
 *   <tr><td>{@code kodo.recorder.dropped}</td><td>function counter</td><td>what: steps, attributes, late-steps,
 *   untracked-runs</td></tr>
 *   <tr><td>{@code kodo.recorder.errors}</td><td>function counter</td><td>kind: sink, internal</td></tr>
 * </table>
 *
 * <pre>{@code
 * new KodoMetrics(kodo).bindTo(meterRegistry);
 * }</pre>
 */
public final class KodoMetrics implements MeterBinder, RunSink {

    /** Distinct workflows metered; beyond this, runs of new workflows are not metered (bounded cardinality). */
    static final int MAX_WORKFLOWS = 500;
    /** Distinct steps metered per workflow. */
    static final int MAX_STEPS_PER_WORKFLOW = 200;

    private final Kodo kodo;
    private final ConcurrentHashMap<String, WorkflowMeters> workflows = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public KodoMetrics(Kodo kodo) {
        this.kodo = kodo;
    }

    /**
     * Registers the reporter's meters and starts metering runs. One binder meters one registry: to meter several,
     * bind it to a {@code CompositeMeterRegistry}; binding it to a second registry logs a warning and does nothing.
     */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (this.registry == registry) {
            return; // bound twice to the same registry (e.g. by two auto-configurations): once is enough
        }
        if (this.registry != null) {
            // Binding again would add this sink twice and count every run twice.
            System.getLogger("dev.kodo").log(System.Logger.Level.WARNING, "Kodo: this KodoMetrics is already bound "
                    + "to " + this.registry + "; not binding it to " + registry + " too. To meter several "
                    + "registries, bind one KodoMetrics to a CompositeMeterRegistry of them.");
            return;
        }
        this.registry = registry;
        reporterCounter(registry, "sent", "Runs the server accepted", ReporterStats::sent);
        reporterCounter(registry, "dropped", "Runs dropped because the reporter's queue was full", ReporterStats::dropped);
        reporterCounter(registry, "failed", "Runs given up after retries or refused by the server", ReporterStats::failed);
        reporterCounter(registry, "retried", "Requests retried after 429, 5xx or a network error", ReporterStats::retried);
        reporterCounter(registry, "rejected", "Runs the server rejected as malformed", ReporterStats::rejected);
        Gauge.builder("kodo.reporter.queue.size", kodo, k -> k.reporterStats().queued())
                .description("Ended runs waiting to be sent").register(registry);
        Recorder recorder = KodoAccess.recorder(kodo);
        if (recorder != null) {
            Recorder.Stats stats = recorder.stats;
            recorderCounter(registry, "kodo.recorder.dropped", "what", "steps", stats.droppedSteps,
                    "Steps beyond the per-run limit, not recorded");
            recorderCounter(registry, "kodo.recorder.dropped", "what", "attributes", stats.droppedAttributes,
                    "Attributes beyond the per-run limit, not recorded");
            recorderCounter(registry, "kodo.recorder.dropped", "what", "late-steps", stats.lateSteps,
                    "Steps that ended after their run had ended");
            recorderCounter(registry, "kodo.recorder.dropped", "what", "untracked-runs", stats.untrackedRuns,
                    "Runs not tracked in flight because too many were already");
            recorderCounter(registry, "kodo.recorder.errors", "kind", "sink", stats.sinkErrors,
                    "Exceptions thrown by run sinks");
            recorderCounter(registry, "kodo.recorder.errors", "kind", "internal", stats.internalErrors,
                    "Errors inside Kodo, caught before they reached your code");
        }
        kodo.addSink(this);
        // Runs already in flight when the binder is bound: counted once here (a run starting in between may be
        // missed; the gauge never goes below zero for it).
        for (InFlightRun run : kodo.inFlight()) {
            WorkflowMeters meters = meters(run.workflow());
            if (meters != null) {
                meters.active.incrementAndGet();
            }
        }
    }

    @Override
    public void onStart(InFlightRun run) {
        WorkflowMeters meters = meters(run.workflow());
        if (meters != null) {
            meters.active.incrementAndGet();
        }
    }

    @Override
    public void onEnd(Run run) {
        WorkflowMeters meters = meters(run.workflow());
        if (meters == null) {
            return;
        }
        meters.active.decrementAndGet();
        boolean failed = run.failed();
        (failed ? meters.failedRuns : meters.okRuns).increment();
        (failed ? meters.failedDuration : meters.okDuration).record(run.duration().toNanos(), TimeUnit.NANOSECONDS);
        for (Step step : run.steps()) {
            Timer timer = meters.stepTimer(step.name(), step.failed());
            if (timer != null) {
                timer.record(step.durationNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    private WorkflowMeters meters(String workflow) {
        MeterRegistry r = registry;
        if (r == null) {
            return null;
        }
        WorkflowMeters meters = workflows.get(workflow);
        if (meters == null && workflows.size() < MAX_WORKFLOWS) {
            meters = workflows.computeIfAbsent(workflow, w -> new WorkflowMeters(r, w));
        }
        return meters;
    }

    private static void recorderCounter(MeterRegistry registry, String name, String tag, String value,
                                        LongAdder counter, String description) {
        FunctionCounter.builder(name, counter, LongAdder::sum).tag(tag, value).description(description)
                .register(registry);
    }

    private void reporterCounter(MeterRegistry registry, String name, String description,
                                 ToDoubleFunction<ReporterStats> value) {
        FunctionCounter.builder("kodo.reporter." + name, kodo, k -> value.applyAsDouble(k.reporterStats()))
                .description(description).register(registry);
    }

    private static final class WorkflowMeters {
        final MeterRegistry registry;
        final String workflow;
        final Counter okRuns;
        final Counter failedRuns;
        final Timer okDuration;
        final Timer failedDuration;
        final ConcurrentHashMap<String, Timer> stepTimers = new ConcurrentHashMap<>();
        final AtomicInteger active = new AtomicInteger();

        WorkflowMeters(MeterRegistry registry, String workflow) {
            this.registry = registry;
            this.workflow = workflow;
            okRuns = runs("ok");
            failedRuns = runs("failed");
            okDuration = duration("ok");
            failedDuration = duration("failed");
            Gauge.builder("kodo.workflow.active", active, a -> Math.max(0, a.get())).tag("workflow", workflow)
                    .description("Runs of the workflow in flight").register(registry);
        }

        Timer stepTimer(String step, boolean failed) {
            String key = (failed ? "failed:" : "ok:") + step;
            Timer timer = stepTimers.get(key);
            if (timer == null && stepTimers.size() < 2 * MAX_STEPS_PER_WORKFLOW) {
                timer = stepTimers.computeIfAbsent(key, k -> Timer.builder("kodo.step.duration")
                        .description("Duration of workflow steps").tag("workflow", workflow).tag("step", step)
                        .tag("outcome", failed ? "failed" : "ok").register(registry));
            }
            return timer;
        }

        private Counter runs(String outcome) {
            return Counter.builder("kodo.workflow.runs").description("Ended workflow runs")
                    .tag("workflow", workflow).tag("outcome", outcome).register(registry);
        }

        private Timer duration(String outcome) {
            return Timer.builder("kodo.workflow.duration").description("End-to-end duration of workflow runs")
                    .tag("workflow", workflow).tag("outcome", outcome).register(registry);
        }
    }
}
