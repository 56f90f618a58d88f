package dev.kodo.core.internal;

/** A run whose result is asynchronous: started now, ended when {@link #end(Throwable)} is called. */
final class RunExecution extends Execution {

    private final ActiveRun run;

    RunExecution(ActiveRun run) {
        super(run, null);
        this.run = run;
    }

    @Override
    public void end(Throwable error) {
        run.end(error);
    }
}
