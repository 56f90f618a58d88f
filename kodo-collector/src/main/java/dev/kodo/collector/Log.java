package dev.kodo.collector;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's messages, one line each, on standard error (standard output carries {@code --dry-run}'s runs).
 * Messages never contain a connection string's password: callers pass redacted text.
 */
public final class Log {

    private final PrintStream out;
    private final boolean verbose;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public Log(PrintStream out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
    }

    public void info(String message) {
        print("info ", message);
    }

    public void warn(String message) {
        print("warn ", message);
    }

    public void error(String message) {
        print("error", message);
    }

    /** Details shown with {@code --verbose}. */
    public void debug(String message) {
        if (verbose) {
            print("debug", message);
        }
    }

    /** Warns about {@code key} the first time only: the same problem on every row must not flood the log. */
    public void warnOnce(String key, String message) {
        if (warned.add(key)) {
            warn(message);
        }
    }

    private void print(String level, String message) {
        out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message);
    }
}
