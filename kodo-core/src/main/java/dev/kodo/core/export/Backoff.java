package dev.kodo.core.export;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt {@code n} waits between half and all of
 * {@code min(max, initial × 2ⁿ)}, so many senders recovering together do not retry in step. A server's
 * {@code Retry-After} takes precedence, but never below {@code initial}: {@code Retry-After: 0} or a date in the past
 * must not turn the retry loop into a busy loop against a server that is struggling.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;

    public Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The default: from 500 ms up to 30 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /**
     * How long to wait before retry number {@code attempt} (0-based).
     *
     * @param retryAfter what the server asked for, or {@code null}
     */
    public Duration delay(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(initial) < 0 ? initial : retryAfter;
        }
        long ceiling = initial.toMillis() << Math.min(attempt, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        long half = ceiling / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
