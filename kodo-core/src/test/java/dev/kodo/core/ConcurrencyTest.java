package dev.kodo.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int RUNS_PER_THREAD = 10_000;

    @Test
    void eightThreadsRunningTenThousandWorkflowsEachRecordEveryRunWithExactlyItsOwnSteps() throws Exception {
        InMemoryRunSink sink = new InMemoryRunSink(THREADS * RUNS_PER_THREAD);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < RUNS_PER_THREAD; i++) {
                        String tag = thread + "-" + i;
                        boolean fail = i % 10 == 0;
                        try {
                            kodo.run("w" + thread, wf -> {
                                wf.attribute("tag", tag);
                                wf.step("a-" + tag, () -> tag);
                                kodo.step("b-" + tag, () -> {
                                    if (fail) {
                                        throw new IllegalStateException(tag);
                                    }
                                });
                                wf.step("c-" + tag, () -> { });
                            });
                        } catch (IllegalStateException expected) {
                            // every tenth run fails at its second step
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        List<Run> runs = sink.runs();
        assertThat(runs).hasSize(THREADS * RUNS_PER_THREAD);
        assertThat(sink.evicted()).isZero();
        Set<String> ids = new HashSet<>();
        Set<String> tags = new HashSet<>();
        for (Run run : runs) {
            ids.add(run.id());
            String tag = run.attributes().get("tag");
            tags.add(tag);
            assertThat(run.workflow()).isEqualTo("w" + tag.substring(0, tag.indexOf('-')));
            boolean shouldFail = Integer.parseInt(tag.substring(tag.indexOf('-') + 1)) % 10 == 0;
            if (shouldFail) {
                assertThat(run.steps()).extracting(Step::name).containsExactly("a-" + tag, "b-" + tag);
                assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                assertThat(run.failedStep()).isEqualTo("b-" + tag);
                assertThat(run.error().message()).isEqualTo(tag);
            } else {
                assertThat(run.steps()).extracting(Step::name).containsExactly("a-" + tag, "b-" + tag, "c-" + tag);
                assertThat(run.status()).isEqualTo(RunStatus.OK);
            }
        }
        assertThat(ids).hasSize(runs.size());
        assertThat(tags).hasSize(runs.size());
    }

    @Test
    void stepsOfOneRunMayEndOnManyThreadsAtOnce() throws Exception {
        InMemoryRunSink sink = new InMemoryRunSink();
        ExecutorService pool = Kodo.wrap(Executors.newFixedThreadPool(4));
        try (Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build()) {
            kodo.run("fan-out", wf -> {
                List<Future<?>> parts = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int part = i;
                    parts.add(pool.submit(() -> kodo.step("part-" + part, () -> part)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
            });
        } finally {
            pool.shutdownNow();
        }
        Run run = sink.runs().get(0);
        assertThat(run.steps()).hasSize(200);
        assertThat(run.steps()).extracting(Step::name).doesNotHaveDuplicates();
        for (int i = 1; i < run.steps().size(); i++) {
            assertThat(run.steps().get(i).startedAt()).isAfterOrEqualTo(run.steps().get(i - 1).startedAt());
        }
    }
}
