package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.spring.autoconfigure.KodoContextPropagationTests.Fulfillment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * With {@code spring.threads.virtual.enabled=true} Boot's task executor runs tasks on virtual threads (Java 21+).
 * The build targets Java 17, so this runs only on a newer JVM: the {@code virtual-threads} profile runs it on the
 * JDK 25 of the build machine when that JDK is installed.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class KodoVirtualThreadTests {

    @Test
    void stepsOnVirtualThreadsJoinTheCallersRun() {
        KodoContextPropagationTests.RUNNER.withPropertyValues("spring.threads.virtual.enabled=true").run(context -> {
            Fulfillment fulfillment = context.getBean(Fulfillment.class);
            assertThat(fulfillment.viaAsyncMethod("order-1")).startsWith("VirtualThread");
            assertThat(fulfillment.viaTaskExecutor("order-2")).startsWith("VirtualThread");

            var runs = context.getBean(InMemoryRunSink.class).await(2, 5_000);
            assertThat(runs).flatExtracting(Run::steps).extracting(Step::name)
                    .containsExactly("notify_warehouse", "reserve_inventory");
        });
    }
}
