package dev.kodo.core.sink;

import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * Writes one line per ended run to the {@code dev.kodo.runs} logger ({@link System.Logger}, which reaches JUL,
 * SLF4J or Log4j depending on the application): successful runs at {@code INFO}, failed runs at
 * {@code WARNING}, starts at {@code DEBUG}.
 *
 * <pre>
 * checkout-fulfillment ok in 812.4 ms, 4 steps (run 4bf92f35...)
 * checkout-fulfillment FAILED at charge_card in 12.0 ms: CardDeclinedException: insufficient funds (run 0af7...)
 * </pre>
 */
public final class LoggingRunSink implements RunSink {

    private final Logger logger;

    public LoggingRunSink() {
        this(System.getLogger("dev.kodo.runs"));
    }

    LoggingRunSink(Logger logger) {
        this.logger = logger;
    }

    @Override
    public void onStart(InFlightRun run) {
        if (logger.isLoggable(Level.DEBUG)) {
            logger.log(Level.DEBUG, run.workflow() + " started (run " + run.id() + ")");
        }
    }

    @Override
    public void onEnd(Run run) {
        Level level = run.failed() ? Level.WARNING : Level.INFO;
        if (logger.isLoggable(level)) {
            logger.log(level, describe(run));
        }
    }

    /** The one-line description this sink logs. */
    public static String describe(Run run) {
        StringBuilder sb = new StringBuilder(128).append(run.workflow());
        if (run.failed()) {
            sb.append(" FAILED");
            if (run.failedStep() != null) {
                sb.append(" at ").append(run.failedStep());
            }
        } else {
            sb.append(' ').append(run.status().wireName());
        }
        if (run.duration() != null) {
            sb.append(String.format(Locale.ROOT, " in %.1f ms", run.duration().toNanos() / 1e6));
        }
        if (run.failed() && run.error() != null) {
            sb.append(": ").append(run.error().simpleType());
            if (run.error().message() != null) {
                sb.append(": ").append(run.error().message());
            }
        } else {
            sb.append(", ").append(run.steps().size()).append(run.steps().size() == 1 ? " step" : " steps");
        }
        return sb.append(" (run ").append(run.id()).append(')').toString();
    }
}
