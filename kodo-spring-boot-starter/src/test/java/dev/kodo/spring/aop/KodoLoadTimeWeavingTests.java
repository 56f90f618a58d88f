package dev.kodo.spring.aop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import dev.kodo.spring.autoconfigure.KodoAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The AspectJ load-time-weaving path, in a JVM of its own started with {@code -javaagent:aspectjweaver.jar} and the
 * {@code META-INF/aop.xml} of {@code src/test/load-time-weaving} (see the surefire execution
 * {@code load-time-weaving}). Woven code records self-invocations and private methods, once each.
 */
class KodoLoadTimeWeavingTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KodoAutoConfiguration.class))
            .withBean(Invoicing.class)
            .withBean(InMemoryRunSink.class, RunSink::inMemory);

    @Test
    void wovenAspectRecordsSelfInvocationAndPrivateMethodsOnce() {
        assertThat(KodoWeaving.isAspectWoven()).as("run with the weaver as agent").isTrue();
        runner.run(context -> {
            assertThat(context).doesNotHaveBean("kodoAdvisor");
            assertThat(AopUtils.isAopProxy(context.getBean(Invoicing.class))).isFalse();
            assertThat(Kodo.global()).isSameAs(context.getBean(Kodo.class));

            context.getBean(Invoicing.class).invoiceAll();

            List<Run> runs = context.getBean(InMemoryRunSink.class).await(1, 5_000);
            assertThat(runs).extracting(Run::workflow).containsExactly("nightly-invoicing");
            assertThat(runs.get(0).steps()).extracting(Step::name).containsExactly("render_invoice", "send_invoice");
        });
        assertThat(Kodo.global().isEnabled()).as("back to the no-op global once the context closed").isFalse();
    }

    public static class Invoicing {
        @KodoWorkflow("nightly-invoicing")
        public void invoiceAll() {
            render();
            send();
        }

        @KodoStep("render_invoice")
        public void render() {
        }

        @KodoStep("send_invoice")
        private void send() {
        }
    }
}
