package dev.kodo.core.sink;

import dev.kodo.core.run.Run;

/** Ignores every run. */
enum NoopRunSink implements RunSink {
    INSTANCE;

    @Override
    public void onEnd(Run run) {
    }

    @Override
    public String toString() {
        return "RunSink.noop()";
    }
}
