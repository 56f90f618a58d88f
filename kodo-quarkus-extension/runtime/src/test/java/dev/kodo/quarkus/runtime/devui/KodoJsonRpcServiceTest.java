package dev.kodo.quarkus.runtime.devui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.quarkus.runtime.devui.KodoJsonRpcService.FailureRow;
import dev.kodo.quarkus.runtime.devui.KodoJsonRpcService.WorkflowRow;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Dev UI card shows, computed from a real Kodo's process health. */
class KodoJsonRpcServiceTest {

    private final Kodo kodo = Kodo.builder().service("webhooks").registerShutdownHook(false).build();
    private final KodoJsonRpcService service = new KodoJsonRpcService(kodo);

    @AfterEach
    void close() {
        kodo.close();
    }

    @Test
    void rowPerWorkflowWithCompletionRateP95AndTheFailingStep() {
        kodo.run("webhook-delivery", wf -> {
            wf.step("send_request", () -> "sent");
        });
        assertThatThrownBy(() -> kodo.run("webhook-delivery", wf -> {
            wf.step("send_request", () -> {
                throw new IllegalStateException("HTTP 503 from subscriber");
            });
        }));
        kodo.run("billing", wf -> {
        });

        List<WorkflowRow> rows = service.getWorkflows();

        assertThat(rows).extracting(WorkflowRow::workflow).containsExactly("billing", "webhook-delivery");
        WorkflowRow webhooks = rows.get(1);
        assertThat(webhooks.runs()).isEqualTo(2);
        assertThat(webhooks.ok()).isEqualTo(1);
        assertThat(webhooks.failed()).isEqualTo(1);
        assertThat(webhooks.completionRate()).isEqualTo(0.5);
        assertThat(webhooks.p95Ms()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(webhooks.inFlight()).isZero();
        FailureRow failure = webhooks.recentFailures().get(0);
        assertThat(failure.failedStep()).isEqualTo("send_request");
        assertThat(failure.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failure.errorMessage()).isEqualTo("HTTP 503 from subscriber");
        assertThat(service.getWorkflowCount()).isEqualTo("2");
    }

    @Test
    void runInFlightIsCountedBeforeItEnds() {
        kodo.run("webhook-delivery", wf -> {
            WorkflowRow row = service.getWorkflows().get(0);
            assertThat(row.inFlight()).isEqualTo(1);
            assertThat(row.runs()).isZero();
            assertThat(row.completionRate()).isNull();
            assertThat(row.p95Ms()).isNull();
        });
    }

    @Test
    void reporterRowSaysRunsAreNotShippedWithoutAnApiKey() {
        KodoJsonRpcService.ReporterRow reporter = service.getReporter();

        assertThat(reporter.recording()).isTrue();
        assertThat(reporter.shipping()).isFalse();
        assertThat(reporter.service()).isEqualTo("webhooks");
    }
}
