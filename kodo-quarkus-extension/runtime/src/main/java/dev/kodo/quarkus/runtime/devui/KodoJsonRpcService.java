package dev.kodo.quarkus.runtime.devui;

import dev.kodo.core.Kodo;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.health.RecentFailure;
import dev.kodo.core.health.WorkflowHealth;
import java.time.Duration;
import java.util.List;

/**
 * What the Dev UI card shows, over JSON-RPC: the process health of every workflow this application has run since
 * it started, and what the reporter has shipped. Registered in dev mode only.
 */
public class KodoJsonRpcService {

    private final Kodo kodo;

    public KodoJsonRpcService(Kodo kodo) {
        this.kodo = kodo;
    }

    /** One row per workflow, by name. */
    public List<WorkflowRow> getWorkflows() {
        return kodo.processHealth().workflows().stream()
                .map(KodoJsonRpcService::row)
                .sorted((a, b) -> a.workflow().compareTo(b.workflow()))
                .toList();
    }

    /** The number of workflows seen, for the card's label. */
    public String getWorkflowCount() {
        return String.valueOf(kodo.processHealth().workflows().size());
    }

    /** Where runs go and how shipping goes. */
    public ReporterRow getReporter() {
        ReporterStats stats = kodo.reporterStats();
        return new ReporterRow(kodo.isEnabled(), stats.enabled(), kodo.resource().service(), stats.endpoint(),
                stats.queued(), stats.sent(), stats.dropped(), stats.failed(), stats.retried(), stats.lastError());
    }

    private static WorkflowRow row(WorkflowHealth health) {
        return new WorkflowRow(health.workflow(), health.runs(), health.ok(), health.failed(),
                health.completionRate(), millis(health.p50()), millis(health.p95()), millis(health.p99()),
                health.inFlight(), health.stuck(),
                health.recentFailures().stream().map(KodoJsonRpcService::failure).toList());
    }

    private static FailureRow failure(RecentFailure f) {
        return new FailureRow(f.runId(), f.endedAt().toString(), f.failedStep(), f.errorType(), f.errorMessage(),
                millis(f.duration()));
    }

    private static Double millis(Duration duration) {
        return duration == null ? null : duration.toNanos() / 1e6;
    }

    /**
     * The health of one workflow in this process.
     *
     * @param completionRate ok / ended runs, 0 to 1; {@code null} before the first run ended
     * @param p95Ms          95th percentile end-to-end duration in milliseconds; {@code null} before the first run
     */
    public record WorkflowRow(String workflow, long runs, long ok, long failed, Double completionRate, Double p50Ms,
                              Double p95Ms, Double p99Ms, int inFlight, int stuck, List<FailureRow> recentFailures) {
    }

    /**
     * A recent failed run: where it failed and why.
     *
     * @param failedStep the first step that errored, or {@code null} when the workflow body itself threw
     * @param errorType  the exception's class name, or {@code null}
     */
    public record FailureRow(String runId, String endedAt, String failedStep, String errorType, String errorMessage,
                             Double durationMs) {
    }

    /** The reporter's state: {@code shipping} is {@code false} without an API key. */
    public record ReporterRow(boolean recording, boolean shipping, String service, String endpoint, int queued,
                              long sent, long dropped, long failed, long retried, String lastError) {
    }
}
