package dev.kodo.core.internal;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs a given kind of problem at most once per interval, and says how many were suppressed in between. Telemetry
 * trouble must be visible without flooding the application's log.
 */
public final class RateLimitedLogger {

    private final Logger logger;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLogger(Logger logger, long interval, TimeUnit unit) {
        this.logger = logger;
        this.intervalNanos = unit.toNanos(interval);
    }

    /**
     * Logs {@code message} at {@code level} unless a message of the same {@code kind} was logged recently.
     * {@code kind} must come from a small fixed set: one entry is kept per kind.
     */
    public void log(Level level, String kind, String message) {
        log(level, kind, () -> message, null);
    }

    /**
     * As {@link #log(Level, String, String)}, the message built only when it is logged (callers on hot paths),
     * with a throwable whose stack trace is logged at DEBUG only.
     */
    public void log(Level level, String kind, java.util.function.Supplier<String> message, Throwable error) {
        Window window = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = window.lastLogged.get();
        if (last != 0 && now - last < intervalNanos) {
            window.suppressed.incrementAndGet();
            return;
        }
        if (!window.lastLogged.compareAndSet(last, now == 0 ? 1 : now)) {
            window.suppressed.incrementAndGet();
            return;
        }
        long suppressed = window.suppressed.getAndSet(0);
        String text = suppressed == 0 ? message.get()
                : message.get() + " (" + suppressed + " similar messages suppressed)";
        if (error != null && logger.isLoggable(Level.DEBUG)) {
            logger.log(level, text, error);
        } else {
            logger.log(level, text);
        }
    }

    private static final class Window {
        final AtomicLong lastLogged = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
