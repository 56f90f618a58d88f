package dev.kodo.core.internal;

/** A run whose result is asynchronous: started when created, ended when {@link #end(Throwable)} is called. */
final class RunExecution extends Execution {

    private final ActiveRun run;

    RunExecution(ActiveRun run) {
        this.run = run;
    }

    @Override
    public ActiveRun run() {
        return run;
    }

    @Override
    String stepName() {
        return null;
    }

    @Override
    public void end(Throwable error) {
        run.end(error);
    }
}
