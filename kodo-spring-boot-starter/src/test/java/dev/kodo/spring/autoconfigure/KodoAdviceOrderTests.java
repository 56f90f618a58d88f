package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import dev.kodo.spring.aop.KodoAdvisor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Where the advice sits among a bean's other advisors decides what a step includes. By default it wraps
 * {@code @Transactional}, so a commit that fails fails the step; inside the transaction only when the transaction's
 * order is lowered below {@code kodo.advice-order} (the README's "Order among other advice").
 */
class KodoAdviceOrderTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KodoAutoConfiguration.class))
            .withUserConfiguration(Beans.class);

    @Test
    void byDefaultAStepIncludesItsTransactionsCommit() {
        runner.withUserConfiguration(TransactionsAtDefaultOrder.class).run(context -> {
            Run run = fulfill(context.getBean(Checkout.class), context.getBean(InMemoryRunSink.class));

            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.failedStep()).isEqualTo("save_order");
            assertThat(run.step("save_order").error().type()).isEqualTo(TransactionSystemException.class.getName());
        });
    }

    @Test
    void aTransactionOrderedOutsideKodoCommitsAfterTheStepEnded() {
        runner.withUserConfiguration(TransactionsFirst.class).withPropertyValues("kodo.advice-order=10")
                .run(context -> {
                    Run run = fulfill(context.getBean(Checkout.class), context.getBean(InMemoryRunSink.class));

                    // The step returned before the commit; the run still fails, in its body, not at the step.
                    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
                    assertThat(run.step("save_order").failed()).isFalse();
                    assertThat(run.failedStep()).isNull();
                });
    }

    @Test
    void anAdviceOrderBelowTheTransactionsKeepsKodoOutside() {
        for (String order : new String[] {"kodo.advice-order=-10", "kodo.advice-order=" + KodoAdvisor.DEFAULT_ORDER}) {
            runner.withUserConfiguration(TransactionsFirst.class).withPropertyValues(order).run(context -> {
                Run run = fulfill(context.getBean(Checkout.class), context.getBean(InMemoryRunSink.class));

                assertThat(run.failedStep()).as(order).isEqualTo("save_order");
            });
        }
    }

    private static Run fulfill(Checkout checkout, InMemoryRunSink sink) throws InterruptedException {
        assertThatThrownBy(() -> checkout.fulfill("order-1")).isInstanceOf(TransactionSystemException.class);
        return KodoAutoConfigurationTests.single(sink);
    }

    public static class Orders {
        @Transactional
        @KodoStep("save_order")
        public void save(String order) {
        }
    }

    public static class Checkout {
        private final Orders orders;

        public Checkout(Orders orders) {
            this.orders = orders;
        }

        @KodoWorkflow("checkout-fulfillment")
        public void fulfill(String order) {
            orders.save(order);
        }
    }

    /** Begins and rolls back as a no-op; every commit fails, as with a violated deferred constraint. */
    static class FailingCommits extends AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            throw new TransactionSystemException("commit failed: deferred constraint violated");
        }

        @Override
        protected void doRollback(DefaultTransactionStatus status) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Orders orders() {
            return new Orders();
        }

        @Bean
        Checkout checkout(Orders orders) {
            return new Checkout(orders);
        }

        @Bean
        FailingCommits transactionManager() {
            return new FailingCommits();
        }

        @Bean
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class TransactionsAtDefaultOrder {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement(order = 0)
    static class TransactionsFirst {
    }
}
