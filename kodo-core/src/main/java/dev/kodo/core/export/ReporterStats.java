package dev.kodo.core.export;

import java.time.Instant;

/**
 * What the reporter has done since it started: a snapshot for health checks and metrics.
 *
 * @param enabled             {@code false} when no API key is configured and nothing is shipped
 * @param endpoint            where runs go, or {@code null} when disabled
 * @param queued              ended runs waiting to be sent now
 * @param queueCapacity       the queue's capacity
 * @param sent                runs the server accepted
 * @param dropped             runs dropped because the queue was full (or the reporter closed)
 * @param failed              runs given up: retries exhausted, or refused with 400/401/413
 * @param retried             requests retried after 429, 5xx or a network error
 * @param rejected            runs the server answered with a per-run reject (malformed run)
 * @param consecutiveFailures requests in a row that did not reach an accepting server; 0 when the last succeeded
 * @param lastError           the last problem, in words, or {@code null}
 * @param lastSuccess         when a request last succeeded, or {@code null}
 */
public record ReporterStats(boolean enabled, String endpoint, int queued, int queueCapacity, long sent, long dropped,
                            long failed, long retried, long rejected, long consecutiveFailures, String lastError,
                            Instant lastSuccess) {

    /** The stats of a reporter that ships nothing because no API key is configured. */
    public static ReporterStats disabled() {
        return new ReporterStats(false, null, 0, 0, 0, 0, 0, 0, 0, 0, "no API key configured", null);
    }
}
