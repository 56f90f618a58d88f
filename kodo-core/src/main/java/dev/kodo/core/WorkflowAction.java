package dev.kodo.core;

/**
 * The body of a workflow with no result: {@code kodo.run("nightly-invoicing", wf -> { ... })}.
 *
 * @param <E> what it may throw; passed through unchanged
 */
@FunctionalInterface
public interface WorkflowAction<E extends Throwable> {

    /** Runs the workflow; {@code wf} records its steps. */
    void run(Workflow wf) throws E;
}
