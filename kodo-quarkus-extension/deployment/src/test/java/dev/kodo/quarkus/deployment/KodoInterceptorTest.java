package dev.kodo.quarkus.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.health.WorkflowHealth;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One application with every kind of annotated method; runs reach the test through an in-memory sink that the
 * application produces as an ordinary {@link RunSink} bean.
 */
class KodoInterceptorTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .withApplicationRoot(root -> root.addClasses(Checkout.class, Payments.class, Inventory.class,
                    Nightly.class, Streams.class, FanOut.class, Sinks.class, CardDeclinedException.class))
            .overrideConfigKey("quarkus.http.test-port", "0")
            .overrideConfigKey("quarkus.kodo.workflows.\"nightly.invoice-all\".stuck-after", "45m");

    @Inject
    Checkout checkout;
    @Inject
    Payments payments;
    @Inject
    Nightly nightly;
    @Inject
    Streams streams;
    @Inject
    FanOut fanOut;
    @Inject
    InMemoryRunSink runs;
    @Inject
    SimpleMeterRegistry meters;
    @Inject
    Kodo kodo;

    @BeforeEach
    void forgetRuns() {
        runs.clear();
    }

    @Test
    void workflowMethodIsOneRunAndItsStepCallsAreItsSteps() {
        assertThat(checkout.fulfill("A-42")).isEqualTo("receipt for A-42");

        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("checkout-fulfillment");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.steps()).extracting(Step::name).containsExactly("payments.charge", "reserve_inventory");
        assertThat(run.steps()).noneMatch(Step::failed);
    }

    @Test
    void exceptionPassesThroughUnchangedAndFailsTheRunAtTheFirstFailedStep() {
        assertThatThrownBy(() -> checkout.fulfill("OUT-OF-STOCK"))
                .isSameAs(Inventory.OUT_OF_STOCK);

        Run run = only(runs.runs());
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("reserve_inventory");
        assertThat(run.error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(run.error().message()).isEqualTo("sku 7 is gone");
    }

    @Test
    void checkedExceptionPassesThroughUnchanged() {
        assertThatThrownBy(() -> checkout.refund("A-42"))
                .isSameAs(Checkout.DECLINED);

        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("refund");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isNull();
        assertThat(run.error().type()).isEqualTo(CardDeclinedException.class.getName());
    }

    @Test
    void selfInvocationIsInterceptedByArc() {
        nightly.invoiceAll(List.of("acme", "globex"));

        Run run = only(runs.runs());
        // invoiceAll() and render() are both methods of Nightly, and invoiceAll() calls render() on `this`.
        assertThat(run.workflow()).isEqualTo("nightly.invoice-all");
        assertThat(run.steps()).extracting(Step::name).containsExactly("render_invoice", "render_invoice");
    }

    @Test
    void stepOfAWorkflowTypeIsRecordedOnceAsAStep() {
        nightly.invoiceAll(List.of("acme"));

        // render() carries both bindings (@KodoStep on it, @KodoWorkflow on its class): one step, no extra run.
        assertThat(runs.runs()).hasSize(1);
        assertThat(only(runs.runs()).steps()).hasSize(1);
    }

    @Test
    void stepCalledOutsideAnyWorkflowJustRuns() {
        assertThat(payments.charge("A-1")).isEqualTo("charge A-1");
        assertThat(nightly.render("acme")).isEqualTo("invoice for acme");

        assertThat(runs.runs()).isEmpty();
        assertThat(kodo.inFlight()).isEmpty();
    }

    @Test
    void completionStageRunEndsWhenTheStageCompletes() {
        CompletableFuture<String> confirmation = new CompletableFuture<>();
        CompletionStage<String> result = checkout.confirmLater(confirmation);

        assertThat(runs.runs()).isEmpty();
        assertThat(kodo.inFlight()).extracting(r -> r.workflow()).containsExactly("confirm-later");

        confirmation.complete("confirmed");
        assertThat(result.toCompletableFuture().join()).isEqualTo("confirmed");
        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("confirm-later");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(kodo.inFlight()).isEmpty();
    }

    @Test
    void failedCompletionStageFailsTheRun() {
        CompletableFuture<String> confirmation = new CompletableFuture<>();
        CompletionStage<String> result = checkout.confirmLater(confirmation);
        IllegalStateException rejected = new IllegalStateException("rejected");
        confirmation.completeExceptionally(rejected);

        assertThatThrownBy(() -> result.toCompletableFuture().join()).hasCause(rejected);
        assertThat(only(runs.runs()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void uniRunStartsAtSubscriptionNotAtCreation() {
        Uni<String> uni = streams.lookup("acme");

        assertThat(streams.lookups).hasValue(0);
        assertThat(kodo.inFlight()).isEmpty();
        assertThat(runs.runs()).isEmpty();

        assertThat(uni.await().atMost(Duration.ofSeconds(10))).isEqualTo("customer acme");
        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("lookup-customer");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void uniSubscribedTwiceIsTwoRuns() {
        Uni<String> uni = streams.lookup("acme");

        uni.await().atMost(Duration.ofSeconds(10));
        uni.await().atMost(Duration.ofSeconds(10));

        assertThat(runs.runs("lookup-customer")).hasSize(2).allMatch(r -> r.status() == RunStatus.OK);
        assertThat(runs.runs("lookup-customer")).extracting(Run::id).doesNotHaveDuplicates();
    }

    @Test
    void uniNeverSubscribedRecordsNothing() {
        streams.lookup("acme");

        assertThat(runs.runs()).isEmpty();
        assertThat(kodo.inFlight()).isEmpty();
        assertThat(streams.lookups).hasValue(0);
    }

    @Test
    void uniStepSubscribedTwiceIsTwoStepsAndNeverSubscribedIsNone() {
        streams.fetchProfile("acme", 2);
        streams.fetchProfile("globex", 0);

        assertThat(runs.runs("fetch-profile")).hasSize(2);
        assertThat(runs.runs("fetch-profile").get(0).steps()).extracting(Step::name)
                .containsExactly("load_profile", "load_profile");
        assertThat(runs.runs("fetch-profile").get(1).steps()).isEmpty();
    }

    @Test
    void failedUniFailsTheRunAndPassesTheFailureOn() {
        assertThatThrownBy(() -> streams.lookup("nobody").await().atMost(Duration.ofSeconds(10)))
                .isSameAs(Streams.UNKNOWN);

        assertThat(only(runs.runs()).status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void multiRunEndsWhenTheStreamCompletes() {
        List<Integer> items = streams.countdown(3).collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(items).containsExactly(3, 2, 1);
        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("countdown");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void failedMultiFailsTheRunAndPassesTheFailureOn() {
        assertThatThrownBy(() -> streams.countdownThenFail(2).collect().asList().await()
                .atMost(Duration.ofSeconds(10)))
                .isSameAs(Streams.LAUNCH_ABORTED);

        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("countdown-then-fail");
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error().message()).isEqualTo("launch aborted");
    }

    @Test
    void cancelledMultiEndsTheRunWithoutAnError() {
        // Taking the first two items cancels the upstream subscription.
        List<Integer> items = streams.countdown(5).select().first(2).collect().asList().await()
                .atMost(Duration.ofSeconds(10));

        assertThat(items).containsExactly(5, 4);
        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("countdown");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.error()).isNull();
        assertThat(kodo.inFlight()).isEmpty();
    }

    @Test
    void multiStepInsideAMultiWorkflowIsAStepOfItsRun() {
        List<String> exported = streams.exportPages(3).collect().asList().await().atMost(Duration.ofSeconds(10));

        assertThat(exported).containsExactly("page 1", "page 2", "page 3");
        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("export-pages");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.steps()).extracting(Step::name).containsExactly("fetch_pages");
        assertThat(run.steps()).noneMatch(Step::failed);
    }

    @Test
    void failedMultiStepFailsItsWorkflowAtThatStep() {
        assertThatThrownBy(() -> streams.exportPages(-1).collect().asList().await().atMost(Duration.ofSeconds(10)))
                .isSameAs(Streams.NO_PAGES);

        Run run = only(runs.runs());
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("fetch_pages");
    }

    @Test
    void managedExecutorTasksRunInTheCallersRun() {
        fanOut.chargeAll(List.of("A-1", "A-2"));

        Run run = only(runs.runs());
        assertThat(run.workflow()).isEqualTo("fan-out");
        assertThat(run.steps()).extracting(Step::name).containsExactly("payments.charge", "payments.charge");
    }

    @Test
    void programmaticApiOnTheInjectedKodoRecordsIntoTheSameSinks() {
        String value = kodo.workflow("programmatic", wf -> {
            return wf.step("only_step", () -> "done");
        });

        assertThat(value).isEqualTo("done");
        assertThat(only(runs.runs()).workflow()).isEqualTo("programmatic");
    }

    @Test
    void processHealthCountsRunsAndAppliesConfiguredStuckAfter() {
        checkout.fulfill("A-1");
        assertThatThrownBy(() -> checkout.fulfill("OUT-OF-STOCK"));

        WorkflowHealth health = kodo.processHealth().workflow("checkout-fulfillment");
        assertThat(health.runs()).isGreaterThanOrEqualTo(2);
        assertThat(health.failuresByStep()).containsKey("reserve_inventory");
        nightly.invoiceAll(List.of("acme"));
        assertThat(only(runs.runs("nightly.invoice-all")).stuckAfter()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void micrometerMetersCountRunsByOutcome() {
        Counter ok = meters.find("kodo.workflow.runs").tag("workflow", "checkout-fulfillment").tag("outcome", "ok")
                .counter();
        double before = ok == null ? 0 : ok.count();

        checkout.fulfill("A-7");

        Counter after = meters.get("kodo.workflow.runs").tag("workflow", "checkout-fulfillment")
                .tag("outcome", "ok").counter();
        assertThat(after.count()).isEqualTo(before + 1);
    }

    private static Run only(List<Run> list) {
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    /** How an application hands Kodo extra sinks and meter registries: ordinary beans. */
    @Singleton
    static class Sinks {

        @Produces
        @Singleton
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }

        @Produces
        @Singleton
        SimpleMeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    public static class CardDeclinedException extends Exception {
        public CardDeclinedException(String message) {
            super(message);
        }
    }

    @ApplicationScoped
    public static class Checkout {
        static final CardDeclinedException DECLINED = new CardDeclinedException("insufficient funds");

        @Inject
        Payments payments;
        @Inject
        Inventory inventory;

        @KodoWorkflow("checkout-fulfillment")
        public String fulfill(String order) {
            payments.charge(order);
            inventory.reserve(order);
            return "receipt for " + order;
        }

        @KodoWorkflow
        public void refund(String order) throws CardDeclinedException {
            throw DECLINED;
        }

        @KodoWorkflow("confirm-later")
        public CompletionStage<String> confirmLater(CompletableFuture<String> confirmation) {
            return confirmation;
        }
    }

    @ApplicationScoped
    @KodoStep("payments")
    public static class Payments {
        public String charge(String order) {
            return "charge " + order;
        }
    }

    @ApplicationScoped
    public static class Inventory {
        static final IllegalStateException OUT_OF_STOCK = new IllegalStateException("sku 7 is gone");

        @KodoStep("reserve_inventory")
        public void reserve(String order) {
            if (order.equals("OUT-OF-STOCK")) {
                throw OUT_OF_STOCK;
            }
        }
    }

    @ApplicationScoped
    @KodoWorkflow("nightly")
    public static class Nightly {
        public void invoiceAll(List<String> customers) {
            customers.forEach(this::render);
        }

        @KodoStep("render_invoice")
        public String render(String customer) {
            return "invoice for " + customer;
        }
    }

    @ApplicationScoped
    public static class Streams {
        static final IllegalArgumentException UNKNOWN = new IllegalArgumentException("unknown customer");
        final AtomicInteger lookups = new AtomicInteger();

        @KodoWorkflow("lookup-customer")
        public Uni<String> lookup(String customer) {
            return Uni.createFrom().item(() -> {
                lookups.incrementAndGet();
                if (customer.equals("nobody")) {
                    throw UNKNOWN;
                }
                return "customer " + customer;
            });
        }

        @KodoWorkflow("fetch-profile")
        public void fetchProfile(String customer, int subscriptions) {
            Uni<String> profile = loadProfile(customer);
            for (int i = 0; i < subscriptions; i++) {
                profile.await().atMost(Duration.ofSeconds(10));
            }
        }

        @KodoStep("load_profile")
        public Uni<String> loadProfile(String customer) {
            return Uni.createFrom().item(() -> "profile of " + customer);
        }

        @KodoWorkflow
        public Multi<Integer> countdown(int from) {
            return Multi.createFrom().range(0, from).map(i -> from - i);
        }

        static final IllegalStateException LAUNCH_ABORTED = new IllegalStateException("launch aborted");

        @KodoWorkflow
        public Multi<Integer> countdownThenFail(int from) {
            return Multi.createBy().concatenating().streams(Multi.createFrom().range(0, from).map(i -> from - i),
                    Multi.createFrom().failure(LAUNCH_ABORTED));
        }

        static final IllegalArgumentException NO_PAGES = new IllegalArgumentException("no pages");

        @KodoWorkflow("export-pages")
        public Multi<String> exportPages(int pages) {
            return fetchPages(pages).map(page -> "page " + page);
        }

        @KodoStep("fetch_pages")
        public Multi<Integer> fetchPages(int pages) {
            return pages < 0 ? Multi.createFrom().failure(NO_PAGES) : Multi.createFrom().range(1, pages + 1);
        }
    }

    @ApplicationScoped
    public static class FanOut {
        @Inject
        ManagedExecutor executor;
        @Inject
        Payments payments;

        @KodoWorkflow("fan-out")
        public void chargeAll(List<String> orders) {
            for (String order : orders) {
                // One at a time, so the steps' order is the orders' order.
                executor.supplyAsync(() -> payments.charge(order)).join();
            }
        }
    }
}
