package dev.kodo.core.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/** Ends an execution when a {@link CompletionStage} completes. */
public final class Async {

    private Async() {
    }

    /**
     * Returns a stage that completes like {@code stage}, after {@code execution} has been ended with its outcome.
     * A {@code null} stage ends the execution successfully at once.
     */
    public static <T> CompletionStage<T> endWhenComplete(CompletionStage<T> stage, Execution execution) {
        if (stage == null) {
            execution.end(null);
            return null;
        }
        return stage.whenComplete((value, failure) -> execution.end(unwrap(failure)));
    }

    /** The exception a dependent stage wraps; the one the user's code threw. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
