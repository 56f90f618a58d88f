package dev.kodo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The run model's semantics (DESIGN section 3) through the programmatic API. */
class KodoWorkflowTest {

    private final InMemoryRunSink sink = RunSink.inMemory();
    private final Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build();

    @AfterEach
    void close() {
        kodo.close();
    }

    private Run onlyRun() {
        assertThat(sink.runs()).hasSize(1);
        return sink.runs().get(0);
    }

    @Test
    void workflowReturnsTheBodysValueAndRecordsAnOkRunWithItsStepsInOrder() {
        String receipt = kodo.workflow("checkout-fulfillment", wf -> {
            int charged = wf.step("charge_card", () -> 42);
            wf.step("reserve_inventory", () -> { });
            return "receipt-" + charged;
        });

        assertThat(receipt).isEqualTo("receipt-42");
        Run run = onlyRun();
        assertThat(run.workflow()).isEqualTo("checkout-fulfillment");
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.failedStep()).isNull();
        assertThat(run.error()).isNull();
        assertThat(run.id()).matches("[0-9a-f]{32}");
        assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card", "reserve_inventory");
        assertThat(run.steps()).allMatch(s -> s.status() == StepStatus.OK && s.parent() == null);
        assertThat(run.endedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(run.steps().get(0).startedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(run.steps().get(1).endedAt()).isBeforeOrEqualTo(run.endedAt());
    }

    @Test
    void anExceptionWhoseGetMessageThrowsStillEndsTheRunAndReachesTheCallerUnchanged() {
        RuntimeException odd = new IllegalStateException() {
            @Override
            public String getMessage() {
                throw new UnsupportedOperationException("no message for you");
            }
        };

        assertThatThrownBy(() -> kodo.run("checkout-fulfillment", wf -> wf.step("charge_card", () -> {
            throw odd;
        }))).isSameAs(odd);

        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("charge_card");
        assertThat(run.error().message()).contains("getMessage() threw java.lang.UnsupportedOperationException");
        assertThat(kodo.inFlight()).isEmpty();
    }

    @Test
    void aStepRethrowsTheSameCheckedExceptionInstanceAndTheRunFailsAtThatStep() {
        IOException boom = new IOException("warehouse unreachable");

        assertThatThrownBy(() -> kodo.run("checkout-fulfillment", wf -> {
            wf.step("charge_card", () -> "ok");
            wf.step("notify_warehouse", () -> {
                throw boom;
            });
            wf.step("mark_fulfilled", () -> "never");
        })).isSameAs(boom);

        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("notify_warehouse");
        assertThat(run.error().type()).isEqualTo("java.io.IOException");
        assertThat(run.error().message()).isEqualTo("warehouse unreachable");
        assertThat(run.steps()).extracting(Step::name, Step::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("charge_card", StepStatus.OK),
                org.assertj.core.groups.Tuple.tuple("notify_warehouse", StepStatus.FAILED));
        assertThat(run.step("notify_warehouse").error()).isEqualTo(run.error());
    }

    @Test
    void checkedExceptionsNeedNoWrappingAtTheCallSite() throws IOException {
        // Compiles only because E is inferred as IOException through both lambdas.
        String value = kodo.workflow("read", wf -> wf.step("read_file", () -> readOrThrow(false)));
        assertThat(value).isEqualTo("content");
        assertThatThrownBy(() -> kodo.workflow("read", wf -> wf.step("read_file", () -> readOrThrow(true))))
                .isInstanceOf(IOException.class);
    }

    private static String readOrThrow(boolean fail) throws IOException {
        if (fail) {
            throw new IOException("disk");
        }
        return "content";
    }

    @Test
    void anUncheckedExceptionOfTheBodyIsRethrownUnchangedAndRecordedOnTheRunWithoutAFailedStep() {
        IllegalStateException boom = new IllegalStateException("order already shipped");

        assertThatThrownBy(() -> kodo.run("checkout", wf -> {
            wf.step("load", () -> 1);
            throw boom;
        })).isSameAs(boom);

        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isNull();
        assertThat(run.error().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(run.steps()).singleElement().satisfies(s -> assertThat(s.status()).isEqualTo(StepStatus.OK));
    }

    @Test
    void aRunWithAnErroredStepFailsEvenWhenTheBodyCatchesTheException() {
        String result = kodo.workflow("webhook-delivery", wf -> {
            try {
                wf.step("send_request", () -> {
                    throw new IllegalStateException("503 from receiver");
                });
            } catch (IllegalStateException retryLater) {
                return "queued for retry";
            }
            return "delivered";
        });

        assertThat(result).isEqualTo("queued for retry");
        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("send_request");
    }

    @Test
    void failedStepIsTheFirstStepThatErrored() {
        kodo.run("import", wf -> {
            for (String step : new String[] {"a", "b", "c"}) {
                try {
                    wf.step(step, () -> {
                        if (!step.equals("a")) {
                            throw new IllegalArgumentException(step + " broke");
                        }
                    });
                } catch (IllegalArgumentException ignored) {
                    // keep going
                }
            }
        });

        Run run = onlyRun();
        assertThat(run.failedStep()).isEqualTo("b");
        assertThat(run.error().message()).isEqualTo("b broke");
        assertThat(run.step("c").error().message()).isEqualTo("c broke");
    }

    @Test
    void nestedStepsRecordTheirParentAndTheErrorOnlyOnTheInnermostStep() {
        RuntimeException boom = new RuntimeException("sku gone");

        assertThatThrownBy(() -> kodo.run("checkout", wf -> {
            wf.step("reserve_inventory", () -> {
                wf.step("lookup_stock", () -> 3);
                wf.step("hold_stock", () -> {
                    throw boom;
                });
            });
        })).isSameAs(boom);

        Run run = onlyRun();
        assertThat(run.steps()).extracting(Step::name)
                .containsExactly("reserve_inventory", "lookup_stock", "hold_stock");
        assertThat(run.step("lookup_stock").parent()).isEqualTo("reserve_inventory");
        assertThat(run.step("hold_stock").parent()).isEqualTo("reserve_inventory");
        assertThat(run.step("hold_stock").error().message()).isEqualTo("sku gone");
        // The enclosing step failed because of the same exception: failed, without a second copy of the error.
        assertThat(run.step("reserve_inventory").status()).isEqualTo(StepStatus.FAILED);
        assertThat(run.step("reserve_inventory").error()).isNull();
        assertThat(run.failedStep()).isEqualTo("hold_stock");
        assertThat(run.error().message()).isEqualTo("sku gone");
    }

    @Test
    void anExceptionWrappingARecordedOneIsNotRecordedAgain() {
        assertThatThrownBy(() -> kodo.run("w", wf -> {
            try {
                wf.step("inner", () -> {
                    throw new IllegalStateException("root cause");
                });
            } catch (IllegalStateException e) {
                throw new RuntimeException("wrapped", e);
            }
        })).hasMessage("wrapped");

        Run run = onlyRun();
        assertThat(run.failedStep()).isEqualTo("inner");
        assertThat(run.error().message()).isEqualTo("root cause");
    }

    @Test
    void aStepOutsideAnyWorkflowJustRunsTheCodeAndRecordsNothing() throws Exception {
        assertThat(kodo.step("charge_card", () -> "charged")).isEqualTo("charged");
        IOException boom = new IOException("x");
        assertThatThrownBy(() -> kodo.step("charge_card", () -> {
            throw boom;
        })).isSameAs(boom);
        assertThat(kodo.stepAsync("async", () -> CompletableFuture.completedFuture(1)).toCompletableFuture().get())
                .isEqualTo(1);
        assertThat(sink.runs()).isEmpty();
    }

    @Test
    void contextualStepsAttachToTheWorkflowRunningOnThisThread() {
        kodo.run("checkout", wf -> {
            kodo.step("charge_card", () -> helper());
        });

        assertThat(onlyRun().steps()).extracting(Step::name, Step::parent).containsExactly(
                org.assertj.core.groups.Tuple.tuple("charge_card", null),
                org.assertj.core.groups.Tuple.tuple("deep_step", "charge_card"));
        assertThat(onlyRun().attributes()).containsEntry("found.deep", "yes");
    }

    private String helper() {
        Kodo.currentWorkflow().orElseThrow().attribute("found.deep", "yes");
        return kodo.step("deep_step", () -> "x");
    }

    @Test
    void nestedWorkflowsAreSeparateRunsAndTheOuterContextIsRestored() {
        kodo.run("outer", wf -> {
            wf.step("before", () -> 1);
            kodo.run("inner", inner -> {
                kodo.step("inner_step", () -> 2);
            });
            kodo.step("after", () -> 3);
        });

        assertThat(sink.runs("inner")).singleElement()
                .satisfies(r -> assertThat(r.steps()).extracting(Step::name).containsExactly("inner_step"));
        assertThat(sink.runs("outer")).singleElement()
                .satisfies(r -> assertThat(r.steps()).extracting(Step::name).containsExactly("before", "after"));
        assertThat(Kodo.currentWorkflow()).isEmpty();
    }

    @Test
    void attributesAreKeptAndBounded() {
        kodo.run("w", wf -> {
            wf.attribute("order.id", "A-42");
            wf.attribute("long", "x".repeat(5000));
            for (int i = 0; i < 100; i++) {
                wf.attribute("k" + i, "v");
            }
            wf.attribute(null, "ignored").attribute("null-value", null);
        });

        Run run = onlyRun();
        assertThat(run.attributes()).containsEntry("order.id", "A-42").hasSize(64);
        assertThat(run.attributes().get("long")).hasSize(1024);
    }

    @Test
    void asyncWorkflowAndStepsEndWhenTheirFuturesComplete() throws Exception {
        CompletableFuture<String> charge = new CompletableFuture<>();

        CompletionStage<String> result = kodo.workflowAsync("checkout", wf ->
                wf.stepAsync("charge_card", () -> charge)
                        .thenCompose(c -> wf.stepAsync("notify", () -> CompletableFuture.completedFuture(c + "!"))));

        assertThat(sink.runs()).isEmpty();
        assertThat(kodo.inFlight()).singleElement().satisfies(r -> assertThat(r.workflow()).isEqualTo("checkout"));
        Thread.sleep(5);
        charge.complete("charged");

        assertThat(result.toCompletableFuture().get()).isEqualTo("charged!");
        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card", "notify");
        assertThat(run.step("charge_card").duration()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
        assertThat(kodo.inFlight()).isEmpty();
    }

    @Test
    void anAsyncStepThatFailsFailsTheRunWithTheOriginalCause() {
        IllegalStateException declined = new IllegalStateException("card declined");

        CompletionStage<Object> result = kodo.workflowAsync("checkout", wf ->
                wf.stepAsync("charge_card", () -> CompletableFuture.supplyAsync(() -> {
                    throw declined;
                })));

        assertThatThrownBy(() -> result.toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCause(declined);
        Run run = onlyRun();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.failedStep()).isEqualTo("charge_card");
        assertThat(run.error().message()).isEqualTo("card declined");
    }

    @Test
    void anAsyncBodyThatThrowsSynchronouslyIsRethrownAndRecorded() {
        IllegalArgumentException bad = new IllegalArgumentException("no order");
        assertThatThrownBy(() -> kodo.workflowAsync("checkout", wf -> {
            throw bad;
        })).isSameAs(bad);
        assertThat(onlyRun().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aFutureThatNeverCompletesLeavesTheRunRunning() {
        kodo.workflowAsync("webhook-delivery", wf -> wf.stepAsync("send_request", CompletableFuture::new));

        assertThat(sink.runs()).isEmpty();
        assertThat(kodo.inFlight()).singleElement().satisfies(run -> {
            assertThat(run.workflow()).isEqualTo("webhook-delivery");
            Run snapshot = run.snapshot();
            assertThat(snapshot.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(snapshot.endedAt()).isNull();
            assertThat(snapshot.steps()).isEmpty();
        });
        assertThat(kodo.processHealth().workflow("webhook-delivery").inFlight()).isEqualTo(1);
    }

    @Test
    void runsCarryTheirOwnStuckAfterElseTheirWorkflowsButNeverTheApplicationDefault() {
        try (Kodo configured = Kodo.builder().sink(sink).registerShutdownHook(false)
                .stuckAfter(Duration.ofMinutes(20)).stuckAfter("nightly-invoicing", Duration.ofHours(2)).build()) {
            configured.run("nightly-invoicing", wf -> { });
            configured.run("checkout", wf -> { });
            configured.run("checkout", wf -> {
                wf.stuckAfter(Duration.ofSeconds(30));
            });
        }
        // The application-wide default (20 min) is not shipped: the server's per-workflow setting must win over it.
        assertThat(sink.runs()).extracting(Run::stuckAfter)
                .containsExactly(Duration.ofHours(2), null, Duration.ofSeconds(30));
        kodo.run("unconfigured", wf -> { });
        assertThat(sink.runs("unconfigured").get(0).stuckAfter()).isNull();
    }

    @Test
    void aSinkThatThrowsNeverReachesUserCodeAndTheOtherSinksStillGetTheRun() {
        InMemoryRunSink after = RunSink.inMemory();
        try (Kodo k = Kodo.builder().registerShutdownHook(false).sink(run -> {
            throw new IllegalStateException("broken sink");
        }).sink(after).build()) {
            String value = k.workflow("w", wf -> wf.step("s", () -> "value"));
            assertThat(value).isEqualTo("value");
        }
        assertThat(after.runs()).hasSize(1);
    }

    @Test
    void aDisabledKodoRunsTheCodeAndRecordsNothing() throws Exception {
        Kodo disabled = Kodo.noop();
        IOException boom = new IOException("x");
        int value = disabled.workflow("w", wf -> wf.step("s", () -> 7));
        assertThat(value).isEqualTo(7);
        assertThatThrownBy(() -> disabled.run("w", wf -> {
            wf.step("s", () -> {
                throw boom;
            });
        })).isSameAs(boom);
        assertThat(disabled.workflowAsync("w", wf -> CompletableFuture.completedFuture(1)).toCompletableFuture().get())
                .isEqualTo(1);
        assertThat(disabled.isEnabled()).isFalse();
        assertThat(disabled.processHealth().workflows()).isEmpty();
        assertThat(disabled.reporterStats().enabled()).isFalse();
    }

    @Test
    void addedSinksReceiveRunsUntilRemoved() throws Exception {
        InMemoryRunSink extra = RunSink.inMemory();
        AutoCloseable registration = kodo.addSink(extra);
        kodo.run("a", wf -> { });
        registration.close();
        kodo.run("b", wf -> { });
        assertThat(extra.runs()).extracting(Run::workflow).containsExactly("a");
        assertThat(sink.runs()).extracting(Run::workflow).containsExactly("a", "b");
    }

    @Test
    void namesAreNeverEmptyNorUnbounded() {
        kodo.run(null, wf -> {
            wf.step("", () -> 1);
            wf.step("s".repeat(500), () -> 1);
        });
        Run run = onlyRun();
        assertThat(run.workflow()).isEqualTo("workflow");
        assertThat(run.steps()).extracting(Step::name).containsExactly("step", "s".repeat(200));
    }
}
