package dev.kodo.core.internal;

/**
 * A started step or run whose end is reported later, when an asynchronous result completes. Creating one makes it
 * current on this thread; {@link #exit()} restores what was current before, {@link #end(Throwable)} records the
 * outcome (once; later calls are ignored).
 */
public abstract class Execution {

    private final ContextHolder holder;
    private final ActiveRun previousRun;
    private final String previousStep;

    Execution(ActiveRun run, String step) {
        holder = ContextHolder.get();
        previousRun = holder.run;
        previousStep = holder.step;
        holder.run = run;
        holder.step = step;
    }

    /** Restores the thread's previous run and step. Call on the thread that created this execution. */
    public final void exit() {
        holder.run = previousRun;
        holder.step = previousStep;
    }

    /** Records the outcome: {@code null} for success, else the error. Only the first call counts. */
    public abstract void end(Throwable error);

    /** The previous step of the creating thread, if it belonged to {@code run}: the parent of a new step. */
    String parentIn(ActiveRun run) {
        return previousRun == run ? previousStep : null;
    }
}
