package dev.kodo.core.context;

import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.ContextHolder;
import java.util.concurrent.Callable;

/**
 * The workflow run and step that were current on a thread when it was captured, to be made current on another
 * thread: what {@code Kodo.wrap(...)} and the context-propagation accessor carry across threads.
 *
 * <pre>{@code
 * ContextSnapshot context = KodoContext.capture();
 * executor.execute(() -> {
 *     try (Scope scope = context.attach()) {
 *         kodo.step("reserve_inventory", () -> inventory.reserve(order));
 *     }
 * });
 * }</pre>
 */
public final class ContextSnapshot {

    static final ContextSnapshot EMPTY = new ContextSnapshot(null, null);

    final ActiveRun run;
    final String step;

    ContextSnapshot(ActiveRun run, String step) {
        this.run = run;
        this.step = step;
    }

    /** {@code true} when no workflow was running. */
    public boolean isEmpty() {
        return run == null;
    }

    /** Makes this context current on this thread until the returned scope is closed. */
    public Scope attach() {
        ContextHolder holder = ContextHolder.get();
        ActiveRun previousRun = holder.run;
        String previousStep = holder.step;
        holder.run = run;
        holder.step = step;
        return () -> {
            holder.run = previousRun;
            holder.step = previousStep;
        };
    }

    /** {@code task}, running in this context; {@code task} itself when this context is empty. */
    public Runnable wrap(Runnable task) {
        if (isEmpty()) {
            return task;
        }
        return () -> {
            try (Scope ignored = attach()) {
                task.run();
            }
        };
    }

    /** {@code task}, running in this context; {@code task} itself when this context is empty. */
    public <T> Callable<T> wrap(Callable<T> task) {
        if (isEmpty()) {
            return task;
        }
        return () -> {
            try (Scope ignored = attach()) {
                return task.call();
            }
        };
    }

    @Override
    public String toString() {
        return isEmpty() ? "ContextSnapshot[empty]" : "ContextSnapshot[" + run + (step == null ? "" : " / " + step) + "]";
    }
}
