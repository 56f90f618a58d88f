package dev.kodo.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The one advice, called the way framework interceptors call it. */
class KodoAdviceTest {

    private final InMemoryRunSink sink = RunSink.inMemory();
    private final Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build();
    private final KodoAdvice advice = new KodoAdvice(kodo);

    @AfterEach
    void close() {
        kodo.close();
    }

    // ----------------------------------------------------------------------------------- the user's services

    public interface Payments {
        @KodoStep("charge_card")
        String charge(String order) throws IOException;
    }

    public static class CardPayments implements Payments {
        @Override
        public String charge(String order) throws IOException {
            if (order.startsWith("bad")) {
                throw new IOException("card declined for " + order);
            }
            return "charge-" + order;
        }
    }

    @KodoStep
    public interface Inventory {
        void reserveStock(String order);

        CompletionStage<String> holdShelf(String order);
    }

    public static class Warehouse implements Inventory {
        @Override
        public void reserveStock(String order) {
        }

        @Override
        public CompletionStage<String> holdShelf(String order) {
            return CompletableFuture.supplyAsync(() -> "shelf-" + order);
        }
    }

    public interface Checkout {
        String fulfillCheckout(String order) throws IOException;

        CompletionStage<String> fulfillAsync(String order);

        String notAnnotated();
    }

    public static class CheckoutService implements Checkout {
        final Payments payments;
        final Inventory inventory;

        CheckoutService(Payments payments, Inventory inventory) {
            this.payments = payments;
            this.inventory = inventory;
        }

        @Override
        @KodoWorkflow(stuckAfter = "10m")
        public String fulfillCheckout(String order) throws IOException {
            String charge = payments.charge(order);
            inventory.reserveStock(order);
            return charge;
        }

        @Override
        @KodoWorkflow(value = "checkout-async", stuckAfter = "not a duration")
        public CompletionStage<String> fulfillAsync(String order) {
            return inventory.holdShelf(order).thenApply(s -> s + "!");
        }

        @Override
        public String notAnnotated() {
            return "plain";
        }
    }

    private Checkout checkout() {
        Payments payments = AdvisedProxy.of(Payments.class, new CardPayments(), advice);
        Inventory inventory = AdvisedProxy.of(Inventory.class, new Warehouse(), advice);
        return AdvisedProxy.of(Checkout.class, new CheckoutService(payments, inventory), advice);
    }

    // ------------------------------------------------------------------------------------------ the tests

    @Test
    void annotatedMethodsBecomeARunWithStepsNamedAfterTheAnnotationsOrTheMethods() throws Exception {
        assertThat(checkout().fulfillCheckout("A-1")).isEqualTo("charge-A-1");

        Run run = sink.runs().get(0);
        assertThat(run.workflow()).isEqualTo("fulfill-checkout");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.stuckAfter()).isEqualTo(Duration.ofMinutes(10));
        // charge_card from the interface method's annotation; reserve_stock from the interface's type annotation.
        assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card", "reserve_stock");
    }

    @Test
    void whenTheKodoInstanceCannotBeHadTheCallStillGoesThroughUnrecorded() throws Exception {
        KodoAdvice failingLookup = new KodoAdvice(() -> {
            throw new IllegalStateException("the container is not started yet");
        });
        Payments payments = AdvisedProxy.of(Payments.class, new CardPayments(), failingLookup);
        Inventory inventory = AdvisedProxy.of(Inventory.class, new Warehouse(), failingLookup);
        Checkout checkout = AdvisedProxy.of(Checkout.class, new CheckoutService(payments, inventory), failingLookup);

        assertThat(checkout.fulfillCheckout("A-2")).isEqualTo("charge-A-2");
        assertThat(sink.runs()).isEmpty();
    }

    @Test
    void aCheckedExceptionPassesThroughTheAdviceUnchangedAndNamesTheFailedStep() {
        Checkout checkout = checkout();
        assertThatThrownBy(() -> checkout.fulfillCheckout("bad-1"))
                .isExactlyInstanceOf(IOException.class).hasMessage("card declined for bad-1");

        Run run = sink.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("charge_card");
        assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card");
    }

    @Test
    void stepMethodsCalledOutsideAWorkflowJustRun() throws Exception {
        Payments payments = AdvisedProxy.of(Payments.class, new CardPayments(), advice);
        assertThat(payments.charge("A-2")).isEqualTo("charge-A-2");
        assertThat(checkout().notAnnotated()).isEqualTo("plain");
        assertThat(sink.runs()).isEmpty();
    }

    @Test
    void completionStageResultsEndTheRunAndStepWhenTheyComplete() throws Exception {
        String result = checkout().fulfillAsync("A-3").toCompletableFuture().get();

        assertThat(result).isEqualTo("shelf-A-3!");
        Run run = sink.runs().get(0);
        assertThat(run.workflow()).isEqualTo("checkout-async");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.steps()).extracting(Step::name).containsExactly("hold_shelf");
        // The unreadable stuck-after was reported and ignored, not thrown.
        assertThat(run.stuckAfter()).isNull();
    }

    // ------------------------------------------------------------------------------------------- Reactor

    public interface ReactiveDelivery {
        @KodoWorkflow("webhook-delivery")
        Mono<String> deliver(String payload);

        @KodoStep("send_request")
        Mono<String> send(String payload);

        @KodoStep("stream_events")
        Flux<Integer> events(int count);

        @KodoStep("send_with_events")
        Mono<Long> sendWithEvents();
    }

    public static class ReactiveDeliveryImpl implements ReactiveDelivery {
        ReactiveDelivery self;

        @Override
        public Mono<String> deliver(String payload) {
            return self.send(payload).flatMap(r -> self.events(3).count().map(c -> r + ":" + c));
        }

        @Override
        public Mono<String> send(String payload) {
            return payload.equals("fail") ? Mono.error(new IllegalStateException("503 from receiver"))
                    : Mono.fromSupplier(() -> "sent-" + payload);
        }

        @Override
        public Flux<Integer> events(int count) {
            return Flux.range(1, count);
        }

        @Override
        public Mono<Long> sendWithEvents() {
            return self.events(2).count();
        }
    }

    private ReactiveDelivery reactive() {
        ReactiveDeliveryImpl target = new ReactiveDeliveryImpl();
        ReactiveDelivery proxy = AdvisedProxy.of(ReactiveDelivery.class, target, advice);
        target.self = proxy;
        return proxy;
    }

    @Test
    void aMonoWorkflowIsOneRunPerSubscriptionAndNothingUntilSubscribed() {
        Mono<String> delivery = reactive().deliver("hello");
        assertThat(sink.runs()).isEmpty();

        StepVerifier.create(delivery).expectNext("sent-hello:3").verifyComplete();
        StepVerifier.create(delivery).expectNext("sent-hello:3").verifyComplete();

        assertThat(sink.runs()).hasSize(2).allSatisfy(run -> {
            assertThat(run.workflow()).isEqualTo("webhook-delivery");
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            // The step publishers were assembled before any run existed; each subscription found its own run.
            assertThat(run.steps()).extracting(Step::name).containsExactly("send_request", "stream_events");
        });
        assertThat(sink.runs().get(0).id()).isNotEqualTo(sink.runs().get(1).id());
    }

    @Test
    void aFailingMonoStepFailsItsRunWithTheOriginalError() {
        StepVerifier.create(reactive().deliver("fail")).expectErrorMessage("503 from receiver").verify();

        Run run = sink.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("send_request");
        assertThat(run.error().message()).isEqualTo("503 from receiver");
        assertThat(run.steps()).extracting(Step::name, Step::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("send_request", StepStatus.FAILED));
    }

    @Test
    void monoAndFluxStepsStartWhenSubscribedInsideTheRun() {
        kodo.run("manual", wf -> {
            ReactiveDelivery delivery = reactive();
            Mono<String> send = delivery.send("x");
            Flux<Integer> events = delivery.events(2);
            send.block();
            events.collectList().block();
            delivery.send("never subscribed");
        });
        Run run = sink.runs().get(0);
        assertThat(run.steps()).extracting(Step::name, Step::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("send_request", StepStatus.OK),
                org.assertj.core.groups.Tuple.tuple("stream_events", StepStatus.OK));
    }

    @Test
    void aCancelledFluxEndsItsStepWithoutAnErrorBecauseNothingFailed() {
        kodo.run("taking-two", wf -> {
            AdvisedProxy.of(ReactiveDelivery.class, new ReactiveDeliveryImpl(), advice).events(1000).take(2)
                    .collectList().block();
        });
        Run run = sink.runs().get(0);
        assertThat(run.steps()).singleElement().satisfies(step -> {
            assertThat(step.status()).isEqualTo(StepStatus.OK);
            assertThat(step.error()).isNull();
        });
        assertThat(run.status()).isEqualTo(RunStatus.OK);
    }

    @Test
    void aReactiveStepInsideAnotherStepsPipelineIsItsChildWhileAChainedOneIsItsSibling() {
        ReactiveDeliveryImpl target = new ReactiveDeliveryImpl();
        ReactiveDelivery delivery = AdvisedProxy.of(ReactiveDelivery.class, target, advice);
        target.self = delivery;
        kodo.run("nesting", wf -> {
            delivery.sendWithEvents().block();
            delivery.send("x").flatMap(r -> delivery.events(2).count()).block();
        });
        Run run = sink.runs().get(0);
        assertThat(run.steps()).extracting(Step::name, Step::parent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("send_with_events", null),
                org.assertj.core.groups.Tuple.tuple("stream_events", "send_with_events"),
                org.assertj.core.groups.Tuple.tuple("send_request", null),
                org.assertj.core.groups.Tuple.tuple("stream_events", null));
    }

    // -------------------------------------------------------------------------------------------- Mutiny

    public interface Mailer {
        @KodoStep("sign_payload")
        Uni<String> sign(String payload);

        @KodoStep("send_batches")
        Multi<Integer> batches(int count);

        @KodoWorkflow("mail-run")
        Uni<String> mail(String payload);

        @KodoWorkflow("mail-batches")
        Uni<Integer> mailBatches(String payload);
    }

    public static class MailerImpl implements Mailer {
        int signCalls;
        Mailer self;

        @Override
        public Uni<Integer> mailBatches(String payload) {
            return self.sign(payload).chain(signed -> signed.contains("bad")
                    ? Uni.createFrom().failure(new IllegalStateException("refused: " + signed))
                    : self.batches(3).collect().asList().map(java.util.List::size));
        }

        @Override
        public Uni<String> sign(String payload) {
            signCalls++;
            return Uni.createFrom().item(() -> "signed-" + payload);
        }

        @Override
        public Multi<Integer> batches(int count) {
            return Multi.createFrom().range(0, count);
        }

        @Override
        public Uni<String> mail(String payload) {
            if (payload.equals("bad")) {
                return Uni.createFrom().failure(new IllegalArgumentException("bad payload"));
            }
            return Uni.createFrom().item(payload);
        }
    }

    @Test
    void aUniStepStartsWhenSubscribedAndASecondSubscriptionIsASecondStep() throws Exception {
        MailerImpl target = new MailerImpl();
        Mailer mailer = AdvisedProxy.of(Mailer.class, target, advice);
        kodo.run("webhooks", wf -> {
            Uni<String> signed = mailer.sign("p");
            mailer.sign("never subscribed");
            Thread.sleep(20);
            assertThat(signed.await().indefinitely()).isEqualTo("signed-p");
            assertThat(signed.await().indefinitely()).isEqualTo("signed-p");
            assertThat(mailer.batches(3).collect().asList().await().indefinitely()).containsExactly(0, 1, 2);
        });

        Run run = sink.runs().get(0);
        assertThat(run.steps()).extracting(Step::name)
                .containsExactly("sign_payload", "sign_payload", "send_batches");
        // Created 20 ms before it was subscribed; the step is timed from subscription.
        assertThat(run.steps().get(0).duration()).isLessThan(Duration.ofMillis(20));
        assertThat(target.signCalls).isEqualTo(2);
    }

    @Test
    void aUniWorkflowRecordsItsUniAndMultiStepsForEachSubscription() {
        MailerImpl target = new MailerImpl();
        Mailer mailer = AdvisedProxy.of(Mailer.class, target, advice);
        target.self = mailer;
        Uni<Integer> batches = mailer.mailBatches("p");
        assertThat(sink.runs()).isEmpty();

        assertThat(batches.await().indefinitely()).isEqualTo(3);
        assertThat(batches.await().indefinitely()).isEqualTo(3);

        assertThat(sink.runs()).hasSize(2).allSatisfy(run -> {
            assertThat(run.workflow()).isEqualTo("mail-batches");
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.steps()).extracting(Step::name).containsExactly("sign_payload", "send_batches");
        });
    }

    @Test
    void aUniWorkflowFailingAfterItsStepsIsFailedWithoutAFailedStep() {
        MailerImpl target = new MailerImpl();
        Mailer mailer = AdvisedProxy.of(Mailer.class, target, advice);
        target.self = mailer;
        assertThatThrownBy(() -> mailer.mailBatches("bad").await().indefinitely()).hasMessageContaining("refused");
        Run run = sink.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isNull();
        assertThat(run.steps()).extracting(Step::name).containsExactly("sign_payload");
        assertThat(run.error().message()).isEqualTo("refused: signed-bad");
    }

    @Test
    void aFailedUniWorkflowIsAFailedRun() {
        Mailer mailer = AdvisedProxy.of(Mailer.class, new MailerImpl(), advice);
        assertThatThrownBy(() -> mailer.mail("bad").await().indefinitely()).hasMessage("bad payload");
        assertThat(mailer.mail("ok").await().indefinitely()).isEqualTo("ok");
        assertThat(sink.runs()).extracting(Run::status).containsExactly(RunStatus.FAILED, RunStatus.OK);
    }

    @Test
    void aDisabledKodoMakesTheAdviceATransparentPassThrough() throws Exception {
        KodoAdvice off = new KodoAdvice(Kodo.noop());
        Payments payments = AdvisedProxy.of(Payments.class, new CardPayments(), off);
        Checkout checkout = AdvisedProxy.of(Checkout.class,
                new CheckoutService(payments, AdvisedProxy.of(Inventory.class, new Warehouse(), off)), off);
        assertThat(checkout.fulfillCheckout("A")).isEqualTo("charge-A");
        assertThat(sink.runs()).isEmpty();
    }
}
