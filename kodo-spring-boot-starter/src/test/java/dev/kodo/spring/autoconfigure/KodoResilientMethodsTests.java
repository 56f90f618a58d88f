package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.core.sink.RunSink;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

/**
 * Spring Framework 7's {@code @Retryable} (Spring Boot 4 only): Spring puts its advisor in front of all others, and
 * the starter moves Kodo's back outside it, so a step that succeeds on a later attempt is one ok step.
 */
class KodoResilientMethodsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KodoAutoConfiguration.class))
            .withUserConfiguration(Retrying.class);

    @Test
    void aStepThatSucceedsOnARetryIsOneOkStep() {
        runner.run(context -> {
            context.getBean(Checkout.class).fulfill();

            assertThat(context.getBean(Payments.class).attempts()).isEqualTo(3);
            Run run = KodoAutoConfigurationTests.single(context.getBean(InMemoryRunSink.class));
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card");
        });
    }

    @Test
    void anAdviceOrderInsideTheRetryRecordsEveryAttempt() {
        runner.withPropertyValues("kodo.advice-order=2147483647").run(context -> {
            context.getBean(Checkout.class).fulfill();

            Run run = KodoAutoConfigurationTests.single(context.getBean(InMemoryRunSink.class));
            assertThat(run.steps()).extracting(Step::name).containsExactly("charge_card", "charge_card", "charge_card");
            assertThat(run.failedStep()).isEqualTo("charge_card");
        });
    }

    public static class Payments {
        private final AtomicInteger attempts = new AtomicInteger();

        @Retryable(maxRetries = 3, delay = 0)
        @KodoStep("charge_card")
        public String charge() {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("payment provider timed out");
            }
            return "charged";
        }

        public int attempts() {
            return attempts.get();
        }
    }

    public static class Checkout {
        private final Payments payments;

        public Checkout(Payments payments) {
            this.payments = payments;
        }

        @KodoWorkflow("checkout-fulfillment")
        public String fulfill() {
            return payments.charge();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableResilientMethods
    static class Retrying {
        @Bean
        Payments payments() {
            return new Payments();
        }

        @Bean
        Checkout checkout(Payments payments) {
            return new Checkout(payments);
        }

        @Bean
        InMemoryRunSink runs() {
            return RunSink.inMemory();
        }
    }
}
