package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/** Steps that run on another thread than their workflow still belong to its run. */
class KodoContextPropagationTests {

    static final ApplicationContextRunner RUNNER = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
                    KodoAutoConfiguration.class))
            .withUserConfiguration(AsyncCheckout.class);

    @Test
    void anAsyncStepJoinsTheCallersRun() {
        RUNNER.run(context -> {
            // Thread.toString() names the executor's thread, and says VirtualThread on virtual ones.
            String thread = context.getBean(Fulfillment.class).viaAsyncMethod("order-1");

            assertThat(thread).isNotEqualTo(Thread.currentThread().toString()).contains("task-");
            Run run = KodoAutoConfigurationTests.single(context.getBean(InMemoryRunSink.class));
            assertThat(run.steps()).extracting(Step::name).containsExactly("notify_warehouse");
        });
    }

    @Test
    void aStepSubmittedToBootsTaskExecutorJoinsTheCallersRun() {
        RUNNER.run(context -> {
            String thread = context.getBean(Fulfillment.class).viaTaskExecutor("order-2");

            assertThat(thread).isNotEqualTo(Thread.currentThread().toString()).contains("task-");
            Run run = KodoAutoConfigurationTests.single(context.getBean(InMemoryRunSink.class));
            assertThat(run.steps()).extracting(Step::name).containsExactly("reserve_inventory");
        });
    }

    public static class Warehouse {
        @Async
        @KodoStep("notify_warehouse")
        public CompletableFuture<String> notifyWarehouse(String order) {
            return CompletableFuture.completedFuture(Thread.currentThread().toString());
        }

        @KodoStep("reserve_inventory")
        public String reserve(String order) {
            return Thread.currentThread().toString();
        }
    }

    public static class Fulfillment {
        private final Warehouse warehouse;
        private final AsyncTaskExecutor executor;

        public Fulfillment(Warehouse warehouse, AsyncTaskExecutor executor) {
            this.warehouse = warehouse;
            this.executor = executor;
        }

        @KodoWorkflow("checkout-fulfillment")
        public String viaAsyncMethod(String order) {
            return warehouse.notifyWarehouse(order).join();
        }

        @KodoWorkflow("checkout-fulfillment")
        public String viaTaskExecutor(String order) {
            return executor.submitCompletable(() -> warehouse.reserve(order)).join();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAsync
    static class AsyncCheckout {
        @Bean
        Warehouse warehouse() {
            return new Warehouse();
        }

        @Bean
        Fulfillment fulfillment(Warehouse warehouse, AsyncTaskExecutor applicationTaskExecutor) {
            return new Fulfillment(warehouse, applicationTaskExecutor);
        }

        @Bean
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }
}
