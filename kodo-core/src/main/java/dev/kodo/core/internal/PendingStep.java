package dev.kodo.core.internal;

/** A step whose result is asynchronous: started now, recorded when {@link #end(Throwable)} is called. */
final class PendingStep extends Execution {

    private final ActiveRun run;
    private final String name;
    private final String parent;
    private final long startNanos;
    private boolean ended;

    PendingStep(ActiveRun run, String name) {
        super(run, name);
        this.run = run;
        this.name = name;
        this.parent = parentIn(run);
        this.startNanos = System.nanoTime();
    }

    @Override
    public void end(Throwable error) {
        long endNanos = System.nanoTime();
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        run.stepEnded(name, parent, startNanos, endNanos, error);
    }
}
