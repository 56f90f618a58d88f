package dev.kodo.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The current run travels to other threads only when carried: by a wrapper, or by context-propagation. */
class ContextPropagationTest {

    private final InMemoryRunSink sink = RunSink.inMemory();
    private final Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build();
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void close() {
        pool.shutdownNow();
        kodo.close();
    }

    private List<String> stepNames() {
        return sink.runs().get(0).steps().stream().map(Step::name).toList();
    }

    @Test
    void withoutPropagationAStepOnAnotherThreadIsNotPartOfTheRun() throws Exception {
        kodo.run("w", wf -> {
            pool.submit(() -> kodo.step("lost", () -> 1)).get();
        });
        assertThat(stepNames()).isEmpty();
    }

    @Test
    void aWrappedExecutorServiceCarriesTheRunAndTheEnclosingStep() throws Exception {
        ExecutorService wrapped = Kodo.wrap(pool);
        kodo.run("w", wf -> {
            wf.step("fan_out", () -> wrapped.submit(() -> kodo.step("child", () -> 1)).get());
            wrapped.invokeAll(List.of(() -> kodo.step("via_invoke_all", () -> 2)));
        });
        Run run = sink.runs().get(0);
        assertThat(run.steps()).extracting(Step::name).containsExactly("fan_out", "child", "via_invoke_all");
        assertThat(run.step("child").parent()).isEqualTo("fan_out");
    }

    @Test
    void wrappedRunnablesCallablesAndExecutorsCarryTheRun() throws Exception {
        kodo.run("w", wf -> {
            pool.submit(Kodo.wrap((Runnable) () -> kodo.step("runnable", () -> 1))).get();
            pool.submit(Kodo.wrap(() -> kodo.step("callable", () -> 2))).get();
            CompletableFuture.runAsync(() -> kodo.step("executor", () -> 3), Kodo.wrap((java.util.concurrent.Executor) pool))
                    .get();
        });
        assertThat(stepNames()).containsExactly("runnable", "callable", "executor");
        // The pool's thread is left clean afterwards.
        assertThat(pool.submit(() -> Kodo.currentWorkflow().isPresent()).get()).isFalse();
    }

    @Test
    void wrappingOutsideAWorkflowReturnsTheTaskItself() {
        Runnable task = () -> { };
        assertThat(Kodo.wrap(task)).isSameAs(task);
    }

    @Test
    void micrometerContextPropagationCarriesTheRunThroughTheRegisteredAccessor() throws Exception {
        ContextSnapshotFactory factory = ContextSnapshotFactory.builder().build();
        kodo.run("w", wf -> {
            io.micrometer.context.ContextSnapshot snapshot = factory.captureAll();
            pool.submit(snapshot.wrap(() -> kodo.step("propagated", () -> 1))).get();
        });
        assertThat(stepNames()).containsExactly("propagated");
        assertThat(pool.submit(() -> Kodo.currentWorkflow().isPresent()).get()).isFalse();
    }
}
