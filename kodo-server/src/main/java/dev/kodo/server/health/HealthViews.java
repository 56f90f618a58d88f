package dev.kodo.server.health;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON answers of the Process Health API. */
public final class HealthViews {

    private HealthViews() {
    }

    /** The window an answer is about; {@code bucketSeconds} is the width of the series' buckets. */
    public record WindowView(Instant from, Instant to, String label, long bucketSeconds) {
    }

    /** {@code GET /api/v1/health}: every workflow of the project. {@code hasRuns} is false until the first run arrives. */
    public record Overview(String project, WindowView window, boolean hasRuns, List<WorkflowSummary> workflows) {
    }

    /**
     * One workflow's numbers over the window.
     *
     * @param runs           runs that ended or were declared lost in the window: ok + failed + lost
     * @param completionRate ok / (ok + failed + lost), 0 to 1; {@code null} when no run ended
     * @param p50Ms          median end-to-end duration of runs that ended (ok and failed), 1 % relative error
     * @param inFlight       runs running now
     * @param stuck          runs running now for longer than their stuck-after
     * @param series         per bucket, oldest first
     */
    public record WorkflowSummary(String workflow, long runs, long ok, long failed, long lost, Double completionRate,
                                  Double p50Ms, Double p95Ms, Double p99Ms, long inFlight, long stuck,
                                  Double stuckAfterMs, List<FailingStep> topFailingSteps, List<Point> series) {
    }

    /** How many failed runs failed first at {@code step}. */
    public record FailingStep(String step, long failures) {
    }

    /** One bucket of a series: runs that ended in [at, at + bucketSeconds). */
    public record Point(Instant at, long runs, long ok, long failed, long lost, Double completionRate, Double p95Ms,
                        double throughputPerMinute) {
    }

    /** {@code GET /api/v1/workflows/{workflow}}: the summary, a finer series and the steps. */
    public record WorkflowDetail(String project, WindowView window, WorkflowSummary summary, List<StepStats> steps) {
    }

    /**
     * One step over the window, in runs that ended in it.
     *
     * @param count       how many times it ran
     * @param failures    how many of those failed (enclosing steps an exception passed through count too)
     * @param failingRuns failed runs whose first failed step is this one
     */
    public record StepStats(String step, long count, long failures, long failingRuns, Double p50Ms, Double p95Ms,
                            Double p99Ms) {
    }

    /** {@code GET /api/v1/workflows/{workflow}/runs}: a page of failed, lost, stuck or running runs. */
    public record RunPage(String workflow, String state, WindowView window, long total, int offset, int limit,
                          List<RunRow> runs) {
    }

    /** A run in a list. {@code ageMs} and {@code stuckAfterMs} are set for running ones. */
    public record RunRow(String id, String status, Instant startedAt, Instant endedAt, Double durationMs,
                         String failedStep, String errorType, String errorMessage, Instant lostAt, Double ageMs,
                         Double stuckAfterMs) {
    }

    /** {@code GET /api/v1/runs/{id}}: one run with its steps as a timeline. */
    public record RunDetail(String id, String workflow, String status, Instant startedAt, Instant endedAt,
                            Double durationMs, String failedStep, ErrorView error, String source, String service,
                            String instance, String traceId, String spanId, Map<String, String> attributes,
                            Instant lostAt, Instant receivedAt, List<StepView> steps) {
    }

    /** A step on the run's timeline: {@code offsetMs} after the run started, {@code depth} 0 for top-level steps. */
    public record StepView(String name, String status, Instant startedAt, double offsetMs, double durationMs,
                           String parent, int depth, ErrorView error) {
    }

    public record ErrorView(String type, String message) {
    }

    /** {@code GET /api/v1/me}: who the key belongs to. */
    public record KeyView(String project, String kind) {
    }
}
