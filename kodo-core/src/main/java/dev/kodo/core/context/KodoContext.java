package dev.kodo.core.context;

import dev.kodo.core.internal.ContextHolder;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * The current workflow run lives in a thread-local. Work handed to another thread must carry it there, or its
 * steps are not recorded in the run: wrap the task or the executor, or let Micrometer's context-propagation do it
 * through {@link KodoThreadLocalAccessor} (registered automatically when that library is present).
 *
 * <pre>{@code
 * ExecutorService pool = Kodo.wrap(Executors.newFixedThreadPool(4));
 * kodo.run("nightly-invoicing", wf -> {
 *     pool.submit(() -> kodo.step("render_invoice", () -> render(invoice))).get();   // recorded in this run
 * });
 * }</pre>
 */
public final class KodoContext {

    private KodoContext() {
    }

    /** The context current on this thread. */
    public static ContextSnapshot capture() {
        ContextHolder holder = ContextHolder.get();
        return holder.run == null ? ContextSnapshot.EMPTY : new ContextSnapshot(holder.run, holder.step);
    }

    /**
     * The context of a thread outside any workflow: attaching it clears the current run for the scope, as
     * context-propagation frameworks (e.g. MicroProfile's {@code ThreadContextProvider#clearedContext}) require.
     */
    public static ContextSnapshot empty() {
        return ContextSnapshot.EMPTY;
    }

    /** An executor that runs each task in the context current when it was submitted. */
    public static Executor wrap(Executor executor) {
        if (executor instanceof ContextExecutorService || executor instanceof ContextExecutor) {
            return executor;
        }
        return new ContextExecutor(executor);
    }

    /** An executor service that runs each task in the context current when it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        if (executor instanceof ContextExecutorService) {
            return executor;
        }
        return new ContextExecutorService(executor);
    }

    private static final class ContextExecutor implements Executor {
        private final Executor delegate;

        ContextExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(capture().wrap(command));
        }

        @Override
        public String toString() {
            return "Kodo.wrap(" + delegate + ")";
        }
    }
}
