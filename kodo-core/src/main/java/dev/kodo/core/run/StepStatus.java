package dev.kodo.core.run;

import java.util.Locale;

/** How a step ended. A step is recorded when it ends, so it has no running state. */
public enum StepStatus {
    /**
     * The step's code returned, or its asynchronous result completed normally. A Reactor or Mutiny subscriber that
     * cancels also ends the step ok: the subscriber lost interest, the work did not fail.
     */
    OK,
    /**
     * The step's code threw, or its asynchronous result completed with an error. A cancelled
     * {@code CompletableFuture} is such a result: it completes exceptionally with a {@code CancellationException}.
     */
    FAILED;

    /** The lower-case word used on the wire: {@code ok} or {@code failed}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the status, or {@code null} when {@code word} is neither {@code ok} nor {@code failed} */
    public static StepStatus fromWireName(String word) {
        if ("ok".equals(word)) {
            return OK;
        }
        if ("failed".equals(word)) {
            return FAILED;
        }
        return null;
    }
}
