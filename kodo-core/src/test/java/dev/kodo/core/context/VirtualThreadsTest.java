package dev.kodo.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.Kodo;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Runs on Java 21+ only (the build targets 17): Maven runs it a second time on the Temurin 25 JDK when that JDK is
 * installed, see the {@code virtual-threads} profile of kodo-core's pom.
 */
class VirtualThreadsTest {

    @Test
    void aWrappedVirtualThreadExecutorCarriesTheRunIntoEachVirtualThread() throws Exception {
        Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need Java 21+");
        InMemoryRunSink sink = RunSink.inMemory();
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try (Kodo kodo = Kodo.builder().sink(sink).registerShutdownHook(false).build()) {
            ExecutorService pool = Kodo.wrap(virtual);
            kodo.run("fan-out", wf -> {
                List<Future<Boolean>> parts = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    int part = i;
                    parts.add(pool.submit(() -> kodo.step("part-" + part,
                            () -> (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()))));
                }
                for (Future<Boolean> f : parts) {
                    assertThat(f.get()).isTrue();
                }
            });
        } finally {
            virtual.shutdown();
        }
        assertThat(sink.runs().get(0).steps()).extracting(Step::name).hasSize(100).doesNotHaveDuplicates();
    }
}
