package dev.kodo.core.internal;

import dev.kodo.core.ThrowingRunnable;
import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.Workflow;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** The workflow handle of a disabled Kodo: runs every step's code and records nothing. */
public final class NoopWorkflow implements Workflow {

    /** The only instance. */
    public static final NoopWorkflow INSTANCE = new NoopWorkflow();

    private NoopWorkflow() {
    }

    @Override
    public String id() {
        return "";
    }

    @Override
    public String name() {
        return "";
    }

    @Override
    public <T, E extends Throwable> T step(String name, ThrowingSupplier<T, E> body) throws E {
        return body.get();
    }

    @Override
    public <E extends Throwable> void step(String name, ThrowingRunnable<E> body) throws E {
        body.run();
    }

    @Override
    public <T, E extends Throwable> CompletionStage<T> stepAsync(String name,
            ThrowingSupplier<? extends CompletionStage<T>, E> body) throws E {
        return body.get();
    }

    @Override
    public Workflow attribute(String key, String value) {
        return this;
    }

    @Override
    public Workflow stuckAfter(Duration stuckAfter) {
        return this;
    }
}
