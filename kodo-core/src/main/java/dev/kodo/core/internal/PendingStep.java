package dev.kodo.core.internal;

/** A step whose result is asynchronous: started when created, recorded when {@link #end(Throwable)} is called. */
final class PendingStep extends Execution {

    private final ActiveRun run;
    private final String name;
    private final String parent;
    private final long startNanos = System.nanoTime();
    private boolean ended;

    PendingStep(ActiveRun run, String name, String parent) {
        this.run = run;
        this.name = name;
        this.parent = parent;
    }

    @Override
    public ActiveRun run() {
        return run;
    }

    @Override
    String stepName() {
        return name;
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
