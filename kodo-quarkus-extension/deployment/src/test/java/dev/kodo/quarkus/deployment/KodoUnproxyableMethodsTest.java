package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import io.quarkus.test.QuarkusUnitTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What proxies cannot intercept, ArC can: with {@code quarkus.arc.transform-unproxyable-classes} (default
 * {@code true}) it removes {@code final} from bean classes and their intercepted methods at build time, and it
 * intercepts static methods that carry the annotation themselves. Private methods fail the build
 * ({@link KodoPrivateMethodTest}).
 */
class KodoUnproxyableMethodsTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(FinalMethods.class, FinalClass.class, StaticMethods.class,
                    StaticMethodsOfAWorkflowType.class, Sinks.class))
            .overrideConfigKey("quarkus.http.test-port", "0");

    @Inject
    FinalMethods finalMethods;
    @Inject
    FinalClass finalClass;
    @Inject
    InMemoryRunSink runs;

    @BeforeEach
    void forgetRuns() {
        runs.clear();
    }

    @Test
    void finalMethodIsRecorded() {
        assertThat(finalMethods.export()).isEqualTo("exported");

        assertThat(only("final-method").steps()).extracting(Step::name).containsExactly("final_step");
    }

    @Test
    void methodOfAFinalClassIsRecorded() {
        finalClass.close();

        assertThat(only("final-class").status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void staticMethodAnnotatedItselfIsRecorded() {
        assertThat(StaticMethods.reconcile()).isEqualTo(2);

        assertThat(only("static-method").steps()).extracting(Step::name).containsExactly("static_step", "static_step");
    }

    @Test
    void staticMethodOfAnAnnotatedTypeIsNotRecorded() {
        assertThat(StaticMethodsOfAWorkflowType.purge()).isEqualTo("purged");

        assertThat(runs.runs()).isEmpty();
    }

    private Run only(String workflow) {
        assertThat(runs.runs()).extracting(Run::workflow).containsExactly(workflow);
        return runs.runs().get(0);
    }

    @ApplicationScoped
    public static class FinalMethods {
        @KodoWorkflow("final-method")
        public final String export() {
            return step();
        }

        @KodoStep("final_step")
        public final String step() {
            return "exported";
        }
    }

    @ApplicationScoped
    public static final class FinalClass {
        @KodoWorkflow("final-class")
        public void close() {
        }
    }

    public static class StaticMethods {
        @KodoWorkflow("static-method")
        public static int reconcile() {
            return step() + step();
        }

        @KodoStep("static_step")
        static int step() {
            return 1;
        }
    }

    @ApplicationScoped
    @KodoWorkflow("purge")
    public static class StaticMethodsOfAWorkflowType {
        public static String purge() {
            return "purged";
        }
    }

    @Singleton
    static class Sinks {
        @Produces
        @Singleton
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }
}
