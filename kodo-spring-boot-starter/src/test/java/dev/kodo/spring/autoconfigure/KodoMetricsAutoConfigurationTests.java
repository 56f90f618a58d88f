package dev.kodo.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.metrics.KodoMetrics;
import dev.kodo.spring.autoconfigure.Fixtures.Checkout;
import dev.kodo.spring.autoconfigure.Fixtures.CheckoutConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KodoMetricsAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, KodoAutoConfiguration.class,
                    KodoMetricsAutoConfiguration.class))
            .withUserConfiguration(CheckoutConfiguration.class);

    @Test
    void runsAndStepsAreMeteredWhenTheApplicationHasAMeterRegistry() {
        runner.withConfiguration(BootAutoConfigurations.metrics()).run(context -> {
            assertThat(context.getBean("kodoMetrics")).isInstanceOf(KodoMetrics.class);
            context.getBean(Checkout.class).fulfill("order-1");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("kodo.workflow.runs").tag("workflow", "checkout-fulfillment")
                    .tag("outcome", "ok").counter().count()).isEqualTo(1);
            assertThat(registry.get("kodo.step.duration").tag("step", "charge_card").timer().count()).isEqualTo(1);
            assertThat(registry.find("kodo.reporter.dropped").functionCounter()).isNotNull();
        });
    }

    @Test
    void anApplicationsOwnRegistryIsMeteredWithoutBootsMetricsAutoConfiguration() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            context.getBean(Checkout.class).fulfill("order-3");

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("kodo.workflow.runs").tag("workflow", "checkout-fulfillment")
                    .tag("outcome", "ok").counter().count()).isEqualTo(1);
            assertThat(registry.find("kodo.reporter.dropped").functionCounter()).isNotNull();
        });
    }

    @Test
    void noMetersWithoutAMeterRegistryBean() {
        runner.run(context -> assertThat(context).doesNotHaveBean("kodoMetrics"));
    }

    @Test
    void noMetersWithoutMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean("kodoMetrics");
            context.getBean(Checkout.class).fulfill("order-2");
        });
    }

    @Test
    void theUsersBinderWinsByName() {
        MeterBinder own = registry -> { };
        runner.withConfiguration(BootAutoConfigurations.metrics()).withBean("kodoMetrics", MeterBinder.class, () -> own)
                .run(context -> assertThat(context.getBean("kodoMetrics")).isSameAs(own));
    }

    @Test
    void disabledKodoIsNotMetered() {
        runner.withConfiguration(BootAutoConfigurations.metrics()).withPropertyValues("kodo.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("kodoMetrics"));
    }
}
