package dev.kodo.core.run;

import java.util.Locale;

/**
 * Where a run stands. A terminal status ({@link #OK}, {@link #FAILED}) never goes back to {@link #RUNNING}.
 * The server adds a fourth state, {@code lost}, for SDK runs whose process stopped sending heartbeats; the SDK
 * itself never reports it.
 */
public enum RunStatus {
    /** Started and not yet ended. */
    RUNNING,
    /** Ended, and neither the body nor any of its steps threw. */
    OK,
    /** Ended, and the body threw or at least one step errored. */
    FAILED;

    /** The lower-case word used on the wire: {@code running}, {@code ok} or {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code true} for {@link #OK} and {@link #FAILED}. */
    public boolean isTerminal() {
        return this != RUNNING;
    }

    /**
     * Parses a wire word.
     *
     * @return the status, or {@code null} when {@code word} is not one of {@code running}, {@code ok}, {@code failed}
     */
    public static RunStatus fromWireName(String word) {
        if (word == null) {
            return null;
        }
        switch (word) {
            case "running": return RUNNING;
            case "ok": return OK;
            case "failed": return FAILED;
            default: return null;
        }
    }
}
