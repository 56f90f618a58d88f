package dev.kodo.spring.actuate;

import dev.kodo.core.Kodo;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.health.ProcessHealth;
import dev.kodo.core.health.RecentFailure;
import dev.kodo.core.health.StuckRun;
import dev.kodo.core.health.WorkflowHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The actuator endpoint {@code kodo}: the process health of every workflow this instance has run since it started
 * (completion rate, p50/p95/p99, counts, failures by step, recent failures with their failing step, in-flight and
 * stuck runs) and the reporter's statistics. {@code /actuator/kodo/{workflow}} shows one workflow.
 *
 * <p>Expose it like any endpoint: {@code management.endpoints.web.exposure.include=health,kodo}. Durations are in
 * milliseconds, times in RFC 3339, so the answer reads the same on every Jackson version.
 */
@Endpoint(id = "kodo")
public class KodoEndpoint {

    private final Kodo kodo;

    public KodoEndpoint(Kodo kodo) {
        this.kodo = kodo;
    }

    /** Every workflow and the reporter. */
    @ReadOperation
    public KodoDescriptor kodo() {
        ProcessHealth health = kodo.processHealth();
        Map<String, WorkflowDescriptor> workflows = new LinkedHashMap<>();
        for (WorkflowHealth workflow : health.workflows()) {
            workflows.put(workflow.workflow(), WorkflowDescriptor.of(workflow));
        }
        return new KodoDescriptor(kodo.resource().service(), kodo.isEnabled(), text(health.since()),
                text(health.at()), workflows, ReporterDescriptor.of(kodo.reporterStats()));
    }

    /** One workflow, or {@code null} (404) when it has not run in this process. */
    @ReadOperation
    public WorkflowDescriptor workflow(@Selector String workflow) {
        WorkflowHealth health = kodo.processHealth().workflow(workflow);
        return health == null ? null : WorkflowDescriptor.of(health);
    }

    /** The answer of {@code /actuator/kodo}. */
    public record KodoDescriptor(String service, boolean enabled, String since, String at,
                                 Map<String, WorkflowDescriptor> workflows, ReporterDescriptor reporter) {
    }

    /** One workflow's health; durations in milliseconds, {@code null} before the first run ended. */
    public record WorkflowDescriptor(long runs, long ok, long failed, Double completionRate, Double p50Ms,
                                     Double p95Ms, Double p99Ms, int inFlight, int stuck,
                                     Map<String, Long> failuresByStep, List<FailureDescriptor> recentFailures,
                                     List<StuckDescriptor> stuckRuns) {

        static WorkflowDescriptor of(WorkflowHealth w) {
            return new WorkflowDescriptor(w.runs(), w.ok(), w.failed(), w.completionRate(), millis(w.p50()),
                    millis(w.p95()), millis(w.p99()), w.inFlight(), w.stuck(), w.failuresByStep(),
                    w.recentFailures().stream().map(FailureDescriptor::of).toList(),
                    w.stuckRuns().stream().map(StuckDescriptor::of).toList());
        }
    }

    /** A recent failed run and the step that broke. */
    public record FailureDescriptor(String runId, String endedAt, String failedStep, String errorType,
                                    String errorMessage, Double durationMs) {

        static FailureDescriptor of(RecentFailure f) {
            return new FailureDescriptor(f.runId(), text(f.endedAt()), f.failedStep(), f.errorType(),
                    f.errorMessage(), millis(f.duration()));
        }
    }

    /** A run in flight for longer than its stuck-after. */
    public record StuckDescriptor(String runId, String startedAt, Double ageMs, Double stuckAfterMs) {

        static StuckDescriptor of(StuckRun s) {
            return new StuckDescriptor(s.runId(), text(s.startedAt()), millis(s.age()), millis(s.stuckAfter()));
        }
    }

    /** What the reporter has shipped, dropped and retried. */
    public record ReporterDescriptor(boolean enabled, String endpoint, int queued, int queueCapacity, long sent,
                                     long dropped, long failed, long retried, long rejected,
                                     long consecutiveFailures, String lastError, String lastSuccess) {

        static ReporterDescriptor of(ReporterStats s) {
            return new ReporterDescriptor(s.enabled(), s.endpoint(), s.queued(), s.queueCapacity(), s.sent(),
                    s.dropped(), s.failed(), s.retried(), s.rejected(), s.consecutiveFailures(), s.lastError(),
                    text(s.lastSuccess()));
        }
    }

    private static Double millis(Duration duration) {
        return duration == null ? null : duration.toNanos() / 1_000_000.0;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
