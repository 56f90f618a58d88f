package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.spring.aop.KodoAdvisor;
import dev.kodo.spring.autoconfigure.Fixtures.Checkout;
import dev.kodo.spring.autoconfigure.Fixtures.CheckoutConfiguration;
import dev.kodo.spring.autoconfigure.Fixtures.PaymentDeclinedException;
import dev.kodo.spring.autoconfigure.Fixtures.Warehouse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.function.SingletonSupplier;

@ExtendWith(OutputCaptureExtension.class)
class KodoAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KodoAutoConfiguration.class))
            .withUserConfiguration(CheckoutConfiguration.class);

    @Test
    void annotatedBeansRecordAWorkflowRunWithItsStepsInOrder() {
        runner.run(context -> {
            context.getBean(Checkout.class).fulfill("order-1");

            Run run = single(context.getBean(InMemoryRunSink.class));
            assertThat(run.workflow()).isEqualTo("checkout-fulfillment");
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            // reserve_inventory comes from the type-level @KodoStep, notify_warehouse from the interface.
            assertThat(run.steps()).extracting(Step::name)
                    .containsExactly("charge_card", "reserve_inventory", "notify_warehouse");
        });
    }

    @Test
    void aFailingStepFailsTheRunAndTheCallerGetsTheOriginalException() {
        runner.run(context -> {
            assertThatThrownBy(() -> context.getBean(Checkout.class).fulfill("declined-2"))
                    .isInstanceOf(PaymentDeclinedException.class).hasMessage("card declined for declined-2");

            Run run = single(context.getBean(InMemoryRunSink.class));
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.failedStep()).isEqualTo("charge_card");
            assertThat(run.error().type()).isEqualTo(PaymentDeclinedException.class.getName());
            assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card");
        });
    }

    @Test
    void selfInvocationIsNotSeenBySpringProxies() {
        runner.run(context -> {
            context.getBean(Checkout.class).fulfill("order-3");

            // fulfill() calls markFulfilled() on `this`, not on the proxy: documented, and why AspectJ LTW exists.
            assertThat(single(context.getBean(InMemoryRunSink.class)).step("mark_fulfilled")).isNull();
        });
    }

    @Test
    void asynchronousStepsEndWhenTheirFutureOrMonoCompletes() {
        runner.run(context -> {
            assertThat(context.getBean(Checkout.class).fulfillWithAsyncSteps("order-4"))
                    .isEqualTo("reserved order-4 / reserved order-4");

            Run run = single(context.getBean(InMemoryRunSink.class));
            assertThat(run.steps()).extracting(Step::name).containsExactly("reserve_async", "reserve_reactive");
            assertThat(run.steps()).allMatch(step -> !step.failed());
        });
    }

    @Test
    void anAsynchronousWorkflowEndsWhenItsFutureCompletes() {
        runner.withBean(PendingWorkflow.class).run(context -> {
            PendingWorkflow workflow = context.getBean(PendingWorkflow.class);
            InMemoryRunSink sink = context.getBean(InMemoryRunSink.class);

            CompletableFuture<String> result = workflow.start();
            assertThat(context.getBean(Kodo.class).inFlight()).hasSize(1);
            assertThat(sink.runs()).isEmpty();

            workflow.finish();
            assertThat(result.join()).isEqualTo("done");
            assertThat(single(sink).workflow()).isEqualTo("nightly-invoicing");
            assertThat(context.getBean(Kodo.class).inFlight()).isEmpty();
        });
    }

    @Test
    void runSinkBeansOfTheApplicationReceiveRuns() {
        InMemoryRunSink second = new InMemoryRunSink();
        runner.withBean("secondSink", InMemoryRunSink.class, () -> second).run(context -> {
            context.getBean(Checkout.class).fulfill("order-5");

            assertThat(second.runs()).extracting(Run::workflow).containsExactly("checkout-fulfillment");
        });
    }

    @Test
    void disabledRecordsNothingAndLeavesBeansUnproxied() {
        runner.withPropertyValues("kodo.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(Kodo.class).doesNotHaveBean("kodoAdvisor")
                    .doesNotHaveBean(TaskDecorator.class);
            assertThat(context.getBean(Kodo.class).isEnabled()).isFalse();
            assertThat(AopUtils.isAopProxy(context.getBean(Checkout.class))).isFalse();

            context.getBean(Checkout.class).fulfill("order-6");
            assertThat(context.getBean(InMemoryRunSink.class).runs()).isEmpty();
        });
    }

    @Test
    void theUsersKodoWins() {
        Kodo own = Kodo.builder().registerShutdownHook(false).service("own").build();
        runner.withBean(Kodo.class, () -> own).run(context -> {
            assertThat(context).getBean(Kodo.class).isSameAs(own);
            assertThat(context.getBean(Kodo.class).resource().service()).isEqualTo("own");
        });
    }

    @Test
    void theUsersAdvisorReplacesOursByName() {
        runner.withUserConfiguration(OwnAdvisor.class).run(context -> {
            assertThat(context.getBean("kodoAdvisor", Ordered.class).getOrder()).isEqualTo(42);
        });
    }

    @Test
    void theUsersTaskDecoratorWins() {
        TaskDecorator own = runnable -> runnable;
        runner.withBean(TaskDecorator.class, () -> own).run(context -> {
            assertThat(context).getBean(TaskDecorator.class).isSameAs(own);
        });
    }

    @Test
    void registersAContextPropagatingTaskDecoratorWhenTheApplicationHasNone() {
        runner.run(context -> assertThat(context).getBean(TaskDecorator.class)
                .isInstanceOf(ContextPropagatingTaskDecorator.class));
    }

    @Test
    void adviceOrderIsConfigurable() {
        runner.run(context -> assertThat(context.getBean("kodoAdvisor", Ordered.class).getOrder())
                .isEqualTo(KodoAdvisor.DEFAULT_ORDER));
        runner.withPropertyValues("kodo.advice-order=7")
                .run(context -> assertThat(context.getBean("kodoAdvisor", Ordered.class).getOrder()).isEqualTo(7));
    }

    @Test
    void serviceDefaultsToTheApplicationNameAndPropertiesOverrideTheEnvironmentVariables() {
        runner.withPropertyValues("spring.application.name=shop", "KODO_ENVIRONMENT=staging").run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            assertThat(kodo.resource().service()).isEqualTo("shop");
            assertThat(kodo.resource().environment()).isEqualTo("staging");
            assertThat(kodo.reporterStats().enabled()).isFalse();
        });
        runner.withPropertyValues("spring.application.name=shop", "kodo.service=checkout", "KODO_API_KEY=k-env",
                "kodo.endpoint=http://127.0.0.1:9", "kodo.environment=production").run(context -> {
            Kodo kodo = context.getBean(Kodo.class);
            assertThat(kodo.resource().service()).isEqualTo("checkout");
            assertThat(kodo.resource().environment()).isEqualTo("production");
            assertThat(kodo.reporterStats().enabled()).isTrue();
            assertThat(kodo.reporterStats().endpoint()).startsWith("http://127.0.0.1:9");
        });
    }

    @Test
    void workflowStuckAfterComesFromTheWorkflowsSettingElseTheDefault() {
        runner.withPropertyValues("kodo.stuck-after=1h", "kodo.workflows.checkout-fulfillment.stuck-after=1ms")
                .withBean(PendingWorkflow.class).run(context -> {
                    PendingWorkflow workflow = context.getBean(PendingWorkflow.class);
                    workflow.start();
                    workflow.startCheckout();
                    Thread.sleep(20);

                    Kodo kodo = context.getBean(Kodo.class);
                    assertThat(kodo.processHealth().workflow("checkout-fulfillment").stuck()).isEqualTo(1);
                    assertThat(kodo.processHealth().workflow("nightly-invoicing").stuck()).isZero();
                    assertThat(kodo.processHealth().workflow("checkout-fulfillment").stuckRuns().get(0).stuckAfter())
                            .isEqualTo(Duration.ofMillis(1));
                    workflow.finish();
                });
    }

    @Test
    void anInvalidSettingNamesThePropertyAndWhatIsWrong() {
        runner.withPropertyValues("kodo.reporter.queue-capacity=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("kodo.reporter.queue-capacity").hasMessageContaining("'0'")
                    .hasMessageContaining("must be at least 1");
        });
        runner.withPropertyValues("kodo.endpoint=ftp://example.org").run(context -> {
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("kodo.endpoint").hasMessageContaining("http(s) URL");
        });
        runner.withPropertyValues("kodo.workflows.checkout-fulfillment.stuck-after=-5m").run(context -> {
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageContaining("kodo.workflows.checkout-fulfillment.stuck-after")
                    .hasMessageContaining("positive duration");
        });
        runner.withPropertyValues("kodo.workflows[nightly.invoicing].stuck-after=0s").run(context -> {
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("kodo.workflows[nightly.invoicing].stuck-after");
        });
    }

    /** The starter checks every value before core does, so the error names the property, not core's setting. */
    @Test
    void everySettingCoreWouldRejectIsNamedByItsProperty() {
        for (String setting : List.of("kodo.stuck-after=0s", "kodo.reporter.batch-size=0",
                "kodo.reporter.flush-interval=0s", "kodo.reporter.heartbeat-interval=-1s",
                "kodo.reporter.shutdown-timeout=0ms", "kodo.reporter.max-retry-time=0s",
                "kodo.reporter.request-timeout=0s")) {
            String property = setting.substring(0, setting.indexOf('='));
            runner.withPropertyValues(setting).run(context -> assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageStartingWith("Property " + property + " with value"));
        }
    }

    @Test
    void aBadKodoEndpointVariableIsNamedWhenKodoEndpointIsUnset() {
        runner.withPropertyValues("KODO_ENDPOINT=localhost:7700").run(context -> {
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                    .hasMessageStartingWith("Property KODO_ENDPOINT with value 'localhost:7700' is invalid")
                    .hasMessageContaining("http(s) URL");
        });
        runner.withPropertyValues("KODO_ENDPOINT=localhost:7700", "kodo.endpoint=http://127.0.0.1:9")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void annotatedMethodsAProxyCannotInterceptAreNamedInAWarningAtStartup(CapturedOutput output) {
        runner.withBean(Uninterceptable.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(output).contains("@KodoStep on " + Uninterceptable.class.getName()
                    + ".audit(String) is not recorded: Spring proxies cannot intercept private methods");
            assertThat(output).contains(Uninterceptable.class.getName()
                    + ".close(String) is not recorded: Spring proxies cannot intercept final methods");
            assertThat(output).contains(Uninterceptable.class.getName()
                    + ".archive() is not recorded: Spring proxies cannot intercept static methods");
        });
    }

    @Test
    void withoutAspectJTheAdvisorStillAppliesAndTheLogSaysWeavingIsUnavailable(CapturedOutput output) {
        runner.withClassLoader(new FilteredClassLoader("org.aspectj")).run(context -> {
            context.getBean(Checkout.class).fulfill("order-7");

            assertThat(single(context.getBean(InMemoryRunSink.class)).steps()).hasSize(3);
            assertThat(output).contains("AspectJ (org.aspectj:aspectjweaver) is not on the classpath, so load-time "
                    + "weaving of dev.kodo.core.advice.KodoAspect is unavailable");
        });
    }

    static Run single(InMemoryRunSink sink) throws InterruptedException {
        List<Run> runs = sink.await(1, 5_000);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    public static class PendingWorkflow {
        final CompletableFuture<String> pending = new CompletableFuture<>();
        final CompletableFuture<String> pendingCheckout = new CompletableFuture<>();

        @KodoWorkflow("nightly-invoicing")
        public CompletableFuture<String> start() {
            return pending;
        }

        @KodoWorkflow("checkout-fulfillment")
        public CompletableFuture<String> startCheckout() {
            return pendingCheckout;
        }

        /** Called through the proxy, which has fields of its own. */
        public void finish() {
            pending.complete("done");
            pendingCheckout.complete("done");
        }
    }

    public static class Uninterceptable {
        @KodoStep
        private void audit(String order) {
        }

        @KodoStep
        public final void close(String order) {
            audit(order);
        }

        @KodoStep
        public static void archive() {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAdvisor {
        @Bean
        static Advisor kodoAdvisor(ObjectProvider<Kodo> kodo) {
            return new KodoAdvisor(new KodoAdvice(SingletonSupplier.of(kodo::getObject)), 42);
        }
    }
}
