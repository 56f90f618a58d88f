package dev.kodo.core.health;

import java.time.Instant;
import java.util.List;

/**
 * Process health of every workflow this process has run, as the Spring actuator endpoint and the Quarkus Dev UI
 * show it.
 *
 * <pre>{@code
 * ProcessHealth health = kodo.processHealth();
 * WorkflowHealth checkout = health.workflow("checkout-fulfillment");
 * System.out.println(checkout.completionRate() + " " + checkout.p95());
 * }</pre>
 *
 * @param since     when this process started counting
 * @param at        when this snapshot was taken
 * @param workflows one entry per workflow, by name
 */
public record ProcessHealth(Instant since, Instant at, List<WorkflowHealth> workflows) {

    public ProcessHealth {
        workflows = List.copyOf(workflows);
    }

    /** The entry of one workflow, or {@code null} if it has not run in this process. */
    public WorkflowHealth workflow(String name) {
        for (WorkflowHealth w : workflows) {
            if (w.workflow().equals(name)) {
                return w;
            }
        }
        return null;
    }
}
