package dev.kodo.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class KodoMetricsTest {

    @Test
    void runsStepsAndActiveRunsAreMeteredWithBoundedTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).build()) {
            new KodoMetrics(kodo).bindTo(registry);
            kodo.run("checkout", wf -> wf.step("charge_card", () -> 1));
            try {
                kodo.run("checkout", wf -> wf.step("charge_card", () -> {
                    throw new IllegalStateException("card 4242 declined for customer 17");
                }));
            } catch (IllegalStateException expected) {
                // recorded
            }
            CompletableFuture<Object> pending = new CompletableFuture<>();
            kodo.workflowAsync("checkout", wf -> pending);

            assertThat(registry.get("kodo.workflow.runs").tags("workflow", "checkout", "outcome", "ok").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("kodo.workflow.runs").tags("workflow", "checkout", "outcome", "failed").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("kodo.workflow.duration").tags("outcome", "ok").timer().count()).isEqualTo(1);
            assertThat(registry.get("kodo.step.duration").tags("workflow", "checkout", "step", "charge_card",
                    "outcome", "failed").timer().count()).isEqualTo(1);
            assertThat(registry.get("kodo.workflow.active").tags("workflow", "checkout").gauge().value()).isEqualTo(1);
            pending.complete("done");
            assertThat(registry.get("kodo.workflow.active").tags("workflow", "checkout").gauge().value()).isZero();
            assertThat(registry.get("kodo.reporter.dropped").functionCounter().count()).isZero();
            assertThat(registry.get("kodo.reporter.queue.size").gauge().value()).isZero();

            // No tag value ever carries an exception message.
            for (Meter meter : registry.getMeters()) {
                meter.getId().getTags().forEach(tag -> assertThat(tag.getValue()).doesNotContain("declined"));
            }
        }
    }
}
