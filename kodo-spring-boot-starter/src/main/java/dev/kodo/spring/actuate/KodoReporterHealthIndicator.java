package dev.kodo.spring.actuate;

import dev.kodo.core.Kodo;
import dev.kodo.core.export.ReporterStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the Kodo reporter (Spring Boot 4), as the health component {@code kodo}:
 * <ul>
 *   <li>{@code DOWN} when the last {@value #DOWN_AFTER_FAILURES} or more requests in a row did not reach an accepting
 *   server (wrong endpoint, bad key, server down);</li>
 *   <li>{@code DEGRADED} when runs were dropped (queue full) or given up within the last
 *   {@link #DEGRADED_WINDOW} (as seen by health checks: a loss counts from the first check that sees it);</li>
 *   <li>{@code UP} otherwise, also when no API key is configured (runs are then recorded locally only, which the
 *   details say).</li>
 * </ul>
 * Telemetry never takes the application down by itself: Boot's default status order does not know
 * {@code DEGRADED}, and liveness/readiness groups do not include this component unless you add it.
 */
public class KodoReporterHealthIndicator extends AbstractHealthIndicator {

    /** The status of a reporter that loses runs but still reaches the server. */
    public static final Status DEGRADED = new Status("DEGRADED", "runs were dropped or given up recently");

    /** How long a loss of runs keeps the reporter {@link #DEGRADED}, however often health is checked. */
    public static final Duration DEGRADED_WINDOW = Duration.ofMinutes(5);

    /** Consecutive failed requests from which the reporter counts as down. */
    static final int DOWN_AFTER_FAILURES = 3;

    private final Kodo kodo;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private long lastLost;
    /** Losses seen by checks within the window: {nanoTime of the check, runs lost since the check before}. */
    private final Deque<long[]> recentLosses = new ArrayDeque<>();

    public KodoReporterHealthIndicator(Kodo kodo) {
        this(kodo, DEGRADED_WINDOW, System::nanoTime);
    }

    KodoReporterHealthIndicator(Kodo kodo, Duration window, LongSupplier nanoTime) {
        super("Kodo reporter health check failed");
        this.kodo = kodo;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
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
        long recentlyLost = 0;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (lost > lastLost) {
                recentLosses.addLast(new long[] {now, lost - lastLost});
            }
            lastLost = lost;
            while (!recentLosses.isEmpty() && now - recentLosses.peekFirst()[0] > windowNanos) {
                recentLosses.removeFirst();
            }
            for (long[] loss : recentLosses) {
                recentlyLost += loss[1];
            }
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
        } else if (recentlyLost > 0) {
            builder.status(DEGRADED).withDetail("lostRecently", recentlyLost);
        } else {
            builder.up();
        }
    }
}
