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

    @Test
    void stepsBeyondTheLimitAreCountedAsDropped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).build()) {
            new KodoMetrics(kodo).bindTo(registry);
            kodo.run("reindex", wf -> {
                for (int i = 0; i < dev.kodo.core.run.RunLimits.MAX_STEPS + 3; i++) {
                    wf.step("page", () -> 1);
                }
            });
            assertThat(registry.get("kodo.recorder.dropped").tags("what", "steps").functionCounter().count())
                    .isEqualTo(3);
            assertThat(registry.get("kodo.recorder.errors").tags("kind", "internal").functionCounter().count())
                    .isZero();
        }
    }

    @Test
    void bindingTwiceToTheSameRegistryCountsEachRunOnceAndASecondRegistryIsLeftAlone() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        try (Kodo kodo = Kodo.builder().registerShutdownHook(false).build()) {
            KodoMetrics metrics = new KodoMetrics(kodo);
            metrics.bindTo(registry);
            metrics.bindTo(registry);
            metrics.bindTo(other);
            kodo.run("checkout", wf -> wf.step("charge_card", () -> 1));

            assertThat(registry.get("kodo.workflow.runs").tags("outcome", "ok").counter().count()).isEqualTo(1);
            assertThat(other.find("kodo.workflow.runs").counter()).isNull();
        }
    }
}
