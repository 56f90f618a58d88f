package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code quarkus.kodo.enabled=false}: annotated methods behave exactly as without Kodo, and nothing is recorded. */
class KodoDisabledTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Orders.class, Sinks.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.kodo.enabled", "false")
            .overrideConfigKey("quarkus.kodo.api-key", "test-key");

    @Inject
    Orders orders;
    @Inject
    InMemoryRunSink runs;
    @Inject
    Kodo kodo;

    @Test
    void annotatedMethodsRunWithoutBeingRecorded() {
        assertThat(orders.place("A-1")).isEqualTo("placed A-1");
        assertThatThrownBy(() -> orders.place("BROKEN")).isSameAs(Orders.BROKEN);

        assertThat(runs.runs()).isEmpty();
        assertThat(kodo.inFlight()).isEmpty();
        assertThat(kodo.processHealth().workflows()).isEmpty();
    }

    @Test
    void nothingIsShippedEvenWithAnApiKey() {
        assertThat(kodo.isEnabled()).isFalse();
        assertThat(kodo.reporterStats().enabled()).isFalse();
    }

    @Singleton
    static class Sinks {
        @Produces
        @Singleton
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }

    @ApplicationScoped
    public static class Orders {
        static final IllegalStateException BROKEN = new IllegalStateException("broken order");

        @KodoWorkflow("place-order")
        public String place(String order) {
            validate(order);
            return "placed " + order;
        }

        @KodoStep
        void validate(String order) {
            if (order.equals("BROKEN")) {
                throw BROKEN;
            }
        }
    }
}
