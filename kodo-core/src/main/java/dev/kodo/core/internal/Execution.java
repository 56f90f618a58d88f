package dev.kodo.core.internal;

/**
 * A started step or run whose end is reported later, when an asynchronous result completes. {@link #enter()} makes
 * it current on the calling thread and {@link #exit()} restores what was current before; {@link #end(Throwable)}
 * records the outcome (once; later calls are ignored).
 */
public abstract class Execution {

    private ContextHolder holder;
    private ActiveRun previousRun;
    private String previousStep;

    /** The run this execution belongs to. */
    public abstract ActiveRun run();

    /** The step's name, or {@code null} for a run. */
    abstract String stepName();

    /** Records the outcome: {@code null} for success, else the error. Only the first call counts. */
    public abstract void end(Throwable error);

    /** Makes this execution current on this thread until {@link #exit()}; returns itself. */
    public final Execution enter() {
        holder = ContextHolder.get();
        previousRun = holder.run;
        previousStep = holder.step;
        holder.run = run();
        holder.step = stepName();
        return this;
    }

    /** Restores the thread's previous run and step. Call on the thread that called {@link #enter()}. */
    public final void exit() {
        holder.run = previousRun;
        holder.step = previousStep;
    }
}
