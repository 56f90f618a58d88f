package dev.kodo.spring.actuate;

import dev.kodo.core.Kodo;
import dev.kodo.core.export.ReporterStats;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Kodo reporter (Spring Boot 4), as the health component {@code kodo}:
 * <ul>
 *   <li>{@code DOWN} when the last {@value #DOWN_AFTER_FAILURES} or more requests in a row did not reach an accepting
 *   server (wrong endpoint, bad key, server down);</li>
 *   <li>{@code DEGRADED} when runs were dropped (queue full) or given up since the previous check;</li>
 *   <li>{@code UP} otherwise, also when no API key is configured (runs are then recorded locally only, which the
 *   details say).</li>
 * </ul>
 * Telemetry never takes the application down by itself: Boot's default status order does not know
 * {@code DEGRADED}, and liveness/readiness groups do not include this component unless you add it.
 */
public class KodoReporterHealthIndicator extends AbstractHealthIndicator {

    /** The status of a reporter that loses runs but still reaches the server. */
    public static final Status DEGRADED = new Status("DEGRADED", "runs were dropped or given up since the last check");

    /** Consecutive failed requests from which the reporter counts as down. */
    static final int DOWN_AFTER_FAILURES = 3;

    private final Kodo kodo;
    private long lastLost;

    public KodoReporterHealthIndicator(Kodo kodo) {
        super("Kodo reporter health check failed");
        this.kodo = kodo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ReporterStats stats = kodo.reporterStats();
        builder.withDetail("reporting", stats.enabled());
        if (!stats.enabled()) {
            builder.up().withDetail("reason", stats.lastError());
            return;
        }
        long lost = stats.dropped() + stats.failed();
        long newlyLost;
        synchronized (this) {
            newlyLost = lost - lastLost;
            lastLost = lost;
        }
        builder.withDetail("endpoint", stats.endpoint())
                .withDetail("queued", stats.queued())
                .withDetail("sent", stats.sent())
                .withDetail("dropped", stats.dropped())
                .withDetail("failed", stats.failed())
                .withDetail("consecutiveFailures", stats.consecutiveFailures());
        if (stats.lastError() != null) {
            builder.withDetail("lastError", stats.lastError());
        }
        if (stats.lastSuccess() != null) {
            builder.withDetail("lastSuccess", stats.lastSuccess().toString());
        }
        if (stats.consecutiveFailures() >= DOWN_AFTER_FAILURES) {
            builder.down();
        } else if (newlyLost > 0) {
            builder.status(DEGRADED).withDetail("lostSinceLastCheck", newlyLost);
        } else {
            builder.up();
        }
    }
}
