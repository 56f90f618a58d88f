package dev.kodo.quarkus.runtime;

import dev.kodo.core.Kodo;
import dev.kodo.core.metrics.KodoMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

/**
 * Kodo's Micrometer meters ({@code kodo.workflow.runs}, {@code kodo.workflow.duration}, {@code kodo.workflow.active},
 * {@code kodo.step.duration}, {@code kodo.reporter.*}); registered by the deployment module only when
 * {@code quarkus-micrometer} is present, which binds every {@link MeterBinder} bean to its registry.
 */
@Singleton
public class KodoMetricsProducer {

    @Produces
    @Singleton
    // Only a MeterBinder: binding adds it to Kodo as a sink, so it must not also be collected as a RunSink bean.
    @Typed(MeterBinder.class)
    MeterBinder kodoMetrics(Kodo kodo) {
        return new KodoMetrics(kodo);
    }
}
