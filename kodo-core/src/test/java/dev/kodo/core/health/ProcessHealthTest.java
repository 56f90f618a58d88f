package dev.kodo.core.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ProcessHealthTest {

    @Test
    void countsCompletionRatePercentilesFailuresAndStuckRunsPerWorkflow() throws Exception {
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false)
                .stuckAfter("webhook-delivery", Duration.ofMillis(1)).build()) {
            for (int i = 0; i < 8; i++) {
                kodo.run("checkout-fulfillment", wf -> wf.step("charge_card", () -> 1));
            }
            for (int i = 0; i < 2; i++) {
                int n = i;
                try {
                    kodo.run("checkout-fulfillment", wf -> {
                        wf.step("charge_card", () -> 1);
                        wf.step("reserve_inventory", () -> {
                            throw new IllegalStateException("out of stock " + n);
                        });
                    });
                } catch (IllegalStateException expected) {
                    // recorded
                }
            }
            kodo.workflowAsync("webhook-delivery", wf -> new CompletableFuture<>());
            kodo.workflowAsync("checkout-fulfillment", wf -> new CompletableFuture<>());
            Thread.sleep(5);

            ProcessHealth health = kodo.processHealth();

            assertThat(health.workflows()).extracting(WorkflowHealth::workflow)
                    .containsExactly("checkout-fulfillment", "webhook-delivery");
            WorkflowHealth checkout = health.workflow("checkout-fulfillment");
            assertThat(checkout.runs()).isEqualTo(10);
            assertThat(checkout.ok()).isEqualTo(8);
            assertThat(checkout.failed()).isEqualTo(2);
            assertThat(checkout.completionRate()).isEqualTo(0.8);
            assertThat(checkout.p50()).isNotNull();
            assertThat(checkout.p95()).isGreaterThanOrEqualTo(checkout.p50());
            assertThat(checkout.p99()).isGreaterThanOrEqualTo(checkout.p95());
            assertThat(checkout.failuresByStep()).containsExactly(java.util.Map.entry("reserve_inventory", 2L));
            assertThat(checkout.recentFailures()).hasSize(2);
            assertThat(checkout.recentFailures().get(0).errorMessage()).isEqualTo("out of stock 1");
            assertThat(checkout.recentFailures().get(0).failedStep()).isEqualTo("reserve_inventory");
            assertThat(checkout.inFlight()).isEqualTo(1);
            assertThat(checkout.stuck()).isZero();

            WorkflowHealth webhooks = health.workflow("webhook-delivery");
            assertThat(webhooks.runs()).isZero();
            assertThat(webhooks.completionRate()).isNull();
            assertThat(webhooks.p95()).isNull();
            assertThat(webhooks.inFlight()).isEqualTo(1);
            assertThat(webhooks.stuck()).isEqualTo(1);
            assertThat(webhooks.stuckRuns()).singleElement()
                    .satisfies(s -> assertThat(s.stuckAfter()).isEqualTo(Duration.ofMillis(1)));
        }
    }
}
