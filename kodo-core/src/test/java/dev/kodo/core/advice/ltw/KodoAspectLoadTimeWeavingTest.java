package dev.kodo.core.advice.ltw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import org.junit.jupiter.api.Test;

/**
 * Runs only in the {@code load-time-weaving} surefire execution, with {@code -javaagent:aspectjweaver.jar}: the
 * AspectJ path for plain Java applications.
 */
class KodoAspectLoadTimeWeavingTest {

    @Test
    void theWovenAspectRecordsSelfInvokedPrivateStepsIntoTheGlobalKodo() {
        InMemoryRunSink sink = RunSink.inMemory();
        try (Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build()) {
            Kodo.setGlobal(kodo);
            assertThat(new Invoicing().runNightly(3)).isEqualTo(3);
        } finally {
            Kodo.setGlobal(null);
        }
        Run run = sink.runs().get(0);
        assertThat(run.workflow()).isEqualTo("nightly-invoicing");
        assertThat(run.steps()).extracting(Step::name).containsExactly("send_invoice", "send_invoice", "send_invoice");
    }
}
