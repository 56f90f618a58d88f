package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.core.metrics.KodoMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of workflows, steps and the reporter ({@code kodo.workflow.runs}, {@code kodo.workflow.duration},
 * {@code kodo.step.duration}, {@code kodo.reporter.*}) when the application has a {@link MeterRegistry}. Boot binds
 * the {@link MeterBinder} to its registries.
 */
@AutoConfiguration(after = KodoAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, Kodo.class})
@ConditionalOnProperty(prefix = "kodo", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class KodoMetricsAutoConfiguration {

    /**
     * Declared as a {@link MeterBinder}: {@link KodoMetrics} is also a {@code RunSink} and adds itself to Kodo when
     * bound, so it must not be mistaken for one of the application's sink beans.
     */
    @Bean
    @ConditionalOnMissingBean(name = "kodoMetrics")
    MeterBinder kodoMetrics(Kodo kodo) {
        return new KodoMetrics(kodo);
    }
}
