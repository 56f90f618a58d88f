package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.health.ProcessHealth;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
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
import org.springframework.test.util.AopTestUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

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

    /**
     * Each step's result completes {@link #ASYNC_DELAY} after the step's method returned (or after the publisher was
     * subscribed): the step stays open until then, and its duration covers the wait.
     */
    @Test
    void asynchronousStepsEndWhenTheirFutureMonoOrFluxCompletes() {
        runner.withBean(PendingSteps.class).withBean(AsyncCheckout.class).run(context -> {
            // The bean is a proxy: its fields are the target's.
            PendingSteps steps = AopTestUtils.getUltimateTargetObject(context.getBean(PendingSteps.class));
            Kodo kodo = context.getBean(Kodo.class);

            CompletableFuture<String> result = context.getBean(AsyncCheckout.class).fulfill("order-4");
            assertThat(endedSoFar(kodo)).isEmpty();

            Thread.sleep(ASYNC_DELAY.toMillis());
            steps.reserved.complete("reserved");
            assertThat(endedSoFar(kodo)).containsExactly("reserve_async");

            Thread.sleep(ASYNC_DELAY.toMillis());
            steps.confirmed.tryEmitValue("confirmed").orThrow();
            assertThat(endedSoFar(kodo)).containsExactly("reserve_async", "confirm_reactive");

            steps.labels.tryEmitNext("label-1").orThrow();
            Thread.sleep(ASYNC_DELAY.toMillis());
            assertThat(endedSoFar(kodo)).containsExactly("reserve_async", "confirm_reactive");
            steps.labels.tryEmitComplete().orThrow();
            assertThat(endedSoFar(kodo)).containsExactly("reserve_async", "confirm_reactive", "print_labels");

            Thread.sleep(ASYNC_DELAY.toMillis());
            steps.charged.tryEmitError(new PaymentDeclinedException("card declined for order-4")).orThrow();
            assertThat(result.join()).isEqualTo("reserved / confirmed / [label-1] / declined");

            Run run = single(context.getBean(InMemoryRunSink.class));
            assertThat(run.steps()).extracting(Step::name, Step::status).containsExactly(
                    tuple("reserve_async", StepStatus.OK), tuple("confirm_reactive", StepStatus.OK),
                    tuple("print_labels", StepStatus.OK), tuple("charge_reactive", StepStatus.FAILED));
            assertThat(run.steps()).allSatisfy(step -> assertThat(step.duration()).isGreaterThanOrEqualTo(ASYNC_DELAY));
            assertThat(run.step("charge_reactive").error().type()).isEqualTo(PaymentDeclinedException.class.getName());
        });
    }

    private static List<String> endedSoFar(Kodo kodo) {
        assertThat(kodo.inFlight()).hasSize(1);
        return kodo.inFlight().iterator().next().snapshot().steps().stream().map(Step::name).toList();
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
    void twoKodoBeansLeaveAnnotatedCallsUnrecordedAndTheCallsWork(CapturedOutput output) {
        Kodo first = Kodo.builder().registerShutdownHook(false).service("first").build();
        Kodo second = Kodo.builder().registerShutdownHook(false).service("second").build();
        runner.withBean("firstKodo", Kodo.class, () -> first).withBean("secondKodo", Kodo.class, () -> second)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Checkout.class).fulfill("order-8")).isEqualTo("charge-order-8");
                    assertThat(context.getBean(Checkout.class).fulfill("order-9")).isEqualTo("charge-order-9");

                    assertThat(first.inFlight()).isEmpty();
                    assertThat(context.getBean(InMemoryRunSink.class).runs()).isEmpty();
                    assertThat(output).containsOnlyOnce("the context has 2 beans of type dev.kodo.core.Kodo "
                            + "[firstKodo, secondKodo] and none is @Primary");
                });
    }

    @Test
    void withTwoKodoBeansThePrimaryOneRecords() {
        Kodo second = Kodo.builder().registerShutdownHook(false).service("second").build();
        runner.withBean("primaryKodo", Kodo.class, () -> Kodo.builder().registerShutdownHook(false).build(),
                        definition -> definition.setPrimary(true))
                .withBean("secondKodo", Kodo.class, () -> second).run(context -> {
                    InMemoryRunSink sink = new InMemoryRunSink();
                    context.getBean("primaryKodo", Kodo.class).addSink(sink);
                    context.getBean(Checkout.class).fulfill("order-10");

                    assertThat(single(sink).workflow()).isEqualTo("checkout-fulfillment");
                });
    }

    @Test
    void theUsersAdvisorReplacesOursByNameAndRecords() {
        runner.withUserConfiguration(OwnAdvisor.class).run(context -> {
            assertThat(context.getBean("kodoAdvisor", Ordered.class).getOrder()).isEqualTo(42);
            OwnAdvisor.RUNS.clear();

            context.getBean(Checkout.class).fulfill("order-11");
            // The user's advisor records into its own Kodo; the application's Kodo sees nothing.
            assertThat(single(OwnAdvisor.RUNS).steps()).extracting(Step::name)
                    .containsExactly("charge_card", "reserve_inventory", "notify_warehouse");
            assertThat(context.getBean(InMemoryRunSink.class).runs()).isEmpty();
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
    void workflowStuckAfterComesFromTheWorkflowsSettingElseKodoStuckAfter() {
        // The global setting is shorter than core's 15 minute default, so it is seen to take effect.
        runner.withPropertyValues("kodo.stuck-after=1ms", "kodo.workflows.checkout-fulfillment.stuck-after=1h")
                .withBean(PendingWorkflow.class).run(context -> {
                    PendingWorkflow workflow = context.getBean(PendingWorkflow.class);
                    workflow.start();
                    workflow.startCheckout();
                    Thread.sleep(20);

                    ProcessHealth health = context.getBean(Kodo.class).processHealth();
                    assertThat(health.workflow("nightly-invoicing").stuck()).isEqualTo(1);
                    assertThat(health.workflow("nightly-invoicing").stuckRuns().get(0).stuckAfter())
                            .isEqualTo(Duration.ofMillis(1));
                    assertThat(health.workflow("checkout-fulfillment").stuck()).isZero();
                    assertThat(context.getBean(Kodo.class).inFlight()).filteredOn(
                                    run -> run.workflow().equals("checkout-fulfillment"))
                            .extracting(InFlightRun::stuckAfter).containsExactly(Duration.ofHours(1));
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

    static final Duration ASYNC_DELAY = Duration.ofMillis(50);

    /** Steps whose results the test completes. */
    @KodoStep
    public static class PendingSteps {
        final CompletableFuture<String> reserved = new CompletableFuture<>();
        final Sinks.One<String> confirmed = Sinks.one();
        final Sinks.Many<String> labels = Sinks.many().replay().all();
        final Sinks.One<String> charged = Sinks.one();

        public CompletableFuture<String> reserveAsync(String order) {
            return reserved;
        }

        public Mono<String> confirmReactive(String order) {
            return confirmed.asMono();
        }

        public Flux<String> printLabels(String order) {
            return labels.asFlux();
        }

        public Mono<String> chargeReactive(String order) {
            return charged.asMono();
        }
    }

    /** Calls each step when the one before has completed: every publisher is subscribed then. */
    public static class AsyncCheckout {
        private final PendingSteps steps;

        public AsyncCheckout(PendingSteps steps) {
            this.steps = steps;
        }

        @KodoWorkflow("checkout-async-steps")
        public CompletableFuture<String> fulfill(String order) {
            Mono<String> confirm = steps.confirmReactive(order);
            Flux<String> labels = steps.printLabels(order);
            Mono<String> charge = steps.chargeReactive(order).onErrorReturn(PaymentDeclinedException.class, "declined");
            return steps.reserveAsync(order)
                    .thenCompose(reserved -> confirm.map(confirmed -> reserved + " / " + confirmed).toFuture())
                    .thenCompose(done -> labels.collectList().map(l -> done + " / " + l).toFuture())
                    .thenCompose(done -> charge.map(c -> done + " / " + c).toFuture());
        }
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
        static final InMemoryRunSink RUNS = new InMemoryRunSink();

        @Bean
        static Advisor kodoAdvisor() {
            Kodo own = Kodo.builder().registerShutdownHook(false).discoverSinks(false).sink(RUNS).build();
            return new KodoAdvisor(new KodoAdvice(own), 42);
        }
    }
}
