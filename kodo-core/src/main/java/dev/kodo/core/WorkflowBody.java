package dev.kodo.core;

/**
 * The body of a workflow that returns a value: {@code kodo.workflow("checkout", wf -> { ...; return receipt; })}.
 *
 * @param <T> the result, returned by {@link Kodo#workflow(String, WorkflowBody)}
 * @param <E> what it may throw; passed through unchanged
 */
@FunctionalInterface
public interface WorkflowBody<T, E extends Throwable> {

    /** Runs the workflow; {@code wf} records its steps. */
    T run(Workflow wf) throws E;
}
