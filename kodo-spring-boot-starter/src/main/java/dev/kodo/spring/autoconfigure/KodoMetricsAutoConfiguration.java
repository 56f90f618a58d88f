package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.core.metrics.KodoMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of workflows, steps and the reporter ({@code kodo.workflow.runs}, {@code kodo.workflow.duration},
 * {@code kodo.step.duration}, {@code kodo.reporter.*}) when the application has a {@link MeterRegistry}. Boot's
 * metrics auto-configuration binds the {@link MeterBinder} to its registries; without it (an application that
 * declares its own registry and not the actuator's metrics) the binder is bound to the application's registry here.
 */
@AutoConfiguration(after = KodoAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(Kodo.class)
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

    /** Boot's post-processor that binds every {@link MeterBinder} bean is absent: bind Kodo's ourselves. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(type = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryPostProcessor",
            "org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryPostProcessor"})
    static class BindingWithoutBootMetrics {

        private static final Log LOG = LogFactory.getLog(KodoMetricsAutoConfiguration.class);

        @Bean
        SmartInitializingSingleton kodoMetricsBinding(@Qualifier("kodoMetrics") ObjectProvider<MeterBinder> binder,
                                                      ObjectProvider<MeterRegistry> registry) {
            // The unique (or @Primary) registry only: binding to a composite and its members would count twice.
            return () -> binder.ifAvailable(b -> {
                MeterRegistry unique = registry.getIfUnique();
                if (unique != null) {
                    b.bindTo(unique);
                } else if (registry.stream().findAny().isPresent()) {
                    LOG.warn("Kodo: several MeterRegistry beans and none is @Primary, so Kodo's meters are not "
                            + "bound; mark one @Primary (e.g. a CompositeMeterRegistry of them)");
                }
            });
        }
    }
}
