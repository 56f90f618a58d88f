package dev.kodo.core;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * The run in progress, handed to a workflow's body. Each {@code step} runs the given code, times it, records
 * whether it succeeded, and returns its result or rethrows its exception unchanged (the same instance, checked
 * exceptions included). Your control flow does not change.
 *
 * <pre>{@code
 * kodo.run("checkout-fulfillment", wf -> {
 *     wf.attribute("order.id", order.id());
 *     Charge charge = wf.step("charge_card", () -> payments.charge(order));
 *     wf.step("reserve_inventory", () -> inventory.reserve(order));
 *     wf.step("notify_warehouse", () -> warehouse.notify(order));
 *     wf.step("mark_fulfilled", () -> orders.markFulfilled(order, charge));
 * });
 * }</pre>
 *
 * <p>A workflow handle is thread-safe: steps may run in parallel on other threads and still belong to this run.
 * Recording never throws into your code.
 */
public interface Workflow {

    /** The run's id. */
    String id();

    /** The workflow's name. */
    String name();

    /**
     * Runs {@code body} as a step of this run and returns its value.
     *
     * @throws E whatever {@code body} throws, unchanged
     */
    <T, E extends Throwable> T step(String name, ThrowingSupplier<T, E> body) throws E;

    /**
     * Runs {@code body} as a step of this run.
     *
     * @throws E whatever {@code body} throws, unchanged
     */
    <E extends Throwable> void step(String name, ThrowingRunnable<E> body) throws E;

    /**
     * Runs {@code body}, which starts asynchronous work, as a step that ends when the returned stage completes.
     * The returned stage completes after the step is recorded, with the same result or failure.
     *
     * @throws E whatever {@code body} throws synchronously, unchanged
     */
    <T, E extends Throwable> CompletionStage<T> stepAsync(String name,
            ThrowingSupplier<? extends CompletionStage<T>, E> body) throws E;

    /**
     * Sets a string attribute on the run, e.g. an order id, to find it later. At most 64 attributes are kept;
     * keys longer than 128 and values longer than 1024 characters are cut.
     */
    Workflow attribute(String key, String value);

    /**
     * How long this run may stay in flight before it counts as stuck. Overrides the workflow's configured
     * setting and the server's default (15 minutes).
     */
    Workflow stuckAfter(Duration stuckAfter);
}
