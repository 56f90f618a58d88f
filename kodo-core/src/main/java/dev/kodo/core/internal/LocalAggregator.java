package dev.kodo.core.internal;

import dev.kodo.core.health.DurationSketch;
import dev.kodo.core.health.ProcessHealth;
import dev.kodo.core.health.RecentFailure;
import dev.kodo.core.health.StuckRun;
import dev.kodo.core.health.WorkflowHealth;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.sink.RunSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Counts ended runs per workflow for {@link ProcessHealth}. Bounded in workflows, steps and failures kept. */
public final class LocalAggregator implements RunSink {

    static final int MAX_WORKFLOWS = 1_000;
    static final int MAX_STEPS_COUNTED = 200;
    static final int RECENT = 10;

    private final Instant since = Instant.now();
    private final ConcurrentHashMap<String, Accumulator> byWorkflow = new ConcurrentHashMap<>();

    @Override
    public void onEnd(Run run) {
        Accumulator acc = byWorkflow.get(run.workflow());
        if (acc == null) {
            if (byWorkflow.size() >= MAX_WORKFLOWS) {
                return;
            }
            acc = byWorkflow.computeIfAbsent(run.workflow(), k -> new Accumulator());
        }
        acc.add(run);
    }

    /**
     * A snapshot at {@code now}.
     *
     * @param inFlight   the runs in flight
     * @param stuckAfter the effective stuck-after of a workflow, for runs without their own
     */
    public ProcessHealth snapshot(Collection<? extends InFlightRun> inFlight, Function<String, Duration> stuckAfter,
                                  Instant now) {
        Map<String, List<InFlightRun>> running = new HashMap<>();
        for (InFlightRun run : inFlight) {
            running.computeIfAbsent(run.workflow(), k -> new ArrayList<>()).add(run);
        }
        TreeMap<String, WorkflowHealth> result = new TreeMap<>();
        for (Map.Entry<String, Accumulator> e : byWorkflow.entrySet()) {
            result.put(e.getKey(), e.getValue().health(e.getKey(), running.getOrDefault(e.getKey(), List.of()),
                    stuckAfter, now));
        }
        for (Map.Entry<String, List<InFlightRun>> e : running.entrySet()) {
            result.computeIfAbsent(e.getKey(), k -> new Accumulator().health(k, e.getValue(), stuckAfter, now));
        }
        return new ProcessHealth(since, now, new ArrayList<>(result.values()));
    }

    private static final class Accumulator {
        private long ok;
        private long failed;
        private final DurationSketch durations = new DurationSketch();
        private final Map<String, Long> failuresByStep = new HashMap<>();
        private final ArrayDeque<RecentFailure> recent = new ArrayDeque<>(RECENT);

        synchronized void add(Run run) {
            if (!run.status().isTerminal()) {
                return;
            }
            Duration duration = run.duration();
            durations.add(duration.toNanos() / 1e6);
            if (!run.failed()) {
                ok++;
                return;
            }
            failed++;
            if (run.failedStep() != null
                    && (failuresByStep.size() < MAX_STEPS_COUNTED || failuresByStep.containsKey(run.failedStep()))) {
                failuresByStep.merge(run.failedStep(), 1L, Long::sum);
            }
            if (recent.size() == RECENT) {
                recent.removeLast();
            }
            recent.addFirst(new RecentFailure(run.id(), run.endedAt(), run.failedStep(),
                    run.error() == null ? null : run.error().type(),
                    run.error() == null ? null : run.error().message(), duration));
        }

        WorkflowHealth health(String workflow, List<InFlightRun> running, Function<String, Duration> stuckAfter,
                              Instant now) {
            // Only the counters are read under the lock, which user threads take to add a run.
            long okRuns;
            long failedRuns;
            double p50;
            double p95;
            double p99;
            Map<String, Long> byStep;
            List<RecentFailure> recentFailures;
            synchronized (this) {
                okRuns = ok;
                failedRuns = failed;
                p50 = durations.quantile(0.50);
                p95 = durations.quantile(0.95);
                p99 = durations.quantile(0.99);
                byStep = new HashMap<>(failuresByStep);
                recentFailures = new ArrayList<>(recent);
            }
            long runs = okRuns + failedRuns;
            List<StuckRun> stuck = new ArrayList<>();
            for (InFlightRun run : running) {
                Duration threshold = run.stuckAfter() != null ? run.stuckAfter() : stuckAfter.apply(workflow);
                if (run.isStuck(now, threshold)) {
                    stuck.add(new StuckRun(run.id(), run.startedAt(), Duration.between(run.startedAt(), now),
                            threshold));
                }
            }
            stuck.sort(Comparator.comparing(StuckRun::startedAt));
            return new WorkflowHealth(workflow, runs, okRuns, failedRuns, runs == 0 ? null : (double) okRuns / runs,
                    millis(p50), millis(p95), millis(p99), running.size(), stuck.size(), byStep, recentFailures,
                    stuck.subList(0, Math.min(RECENT, stuck.size())));
        }

        private static Duration millis(double ms) {
            return Double.isNaN(ms) ? null : Duration.ofNanos(Math.round(ms * 1e6));
        }
    }
}
