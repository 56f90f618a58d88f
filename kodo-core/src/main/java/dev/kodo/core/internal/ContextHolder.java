package dev.kodo.core.internal;

/**
 * The current run and step of one thread. Mutable and reused for the thread's lifetime, so entering and leaving a
 * step swaps two fields instead of allocating a scope object.
 */
public final class ContextHolder {

    private static final ThreadLocal<ContextHolder> CURRENT = ThreadLocal.withInitial(ContextHolder::new);

    /** The run in progress on this thread, or {@code null}. */
    public ActiveRun run;
    /** The innermost step in progress on this thread within {@link #run}, or {@code null}. */
    public String step;

    private ContextHolder() {
    }

    /** This thread's holder. */
    public static ContextHolder get() {
        return CURRENT.get();
    }
}
