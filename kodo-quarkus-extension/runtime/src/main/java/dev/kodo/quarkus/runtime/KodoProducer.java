package dev.kodo.quarkus.runtime;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.sink.RunSink;
import io.quarkus.arc.All;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Produces the application's {@link Kodo} from {@code quarkus.kodo.*}. It is created when the application starts
 * (so the reporter runs from then on) and closed when it stops, which delivers what is still queued within
 * {@code quarkus.kodo.reporter.shutdown-timeout}.
 *
 * <p>Inject it for the programmatic API:
 * <pre>{@code
 * @Inject Kodo kodo;
 *
 * kodo.run("nightly-invoicing", wf -> {
 *     wf.step("render_invoices", () -> renderer.renderAll());
 * });
 * }</pre>
 *
 * Every {@link RunSink} bean of the application receives the runs too. A {@code Kodo} bean of your own replaces
 * this one.
 */
@Singleton
public class KodoProducer {

    @Produces
    @Singleton
    @Startup
    @DefaultBean
    Kodo kodo(KodoRuntimeConfig config, @All List<RunSink> sinks) {
        KodoConfigValidation.validate(config, ConfigProvider.getConfig().unwrap(SmallRyeConfig.class));
        KodoRuntimeConfig.ReporterConfig reporter = config.reporter();
        Kodo.Builder builder = Kodo.builder()
                .enabled(config.enabled())
                .registerShutdownHook(false)
                .endpoint(config.endpoint())
                .service(config.service().orElse(null))
                .environment(config.environment().orElse(null))
                .queueCapacity(reporter.queueCapacity())
                .batchSize(reporter.batchSize())
                .flushInterval(reporter.flushInterval())
                .heartbeatInterval(reporter.heartbeatInterval())
                .shutdownTimeout(reporter.shutdownTimeout())
                .maxRetryTime(reporter.maxRetryTime())
                .requestTimeout(reporter.requestTimeout())
                .gzip(reporter.gzip());
        config.apiKey().ifPresent(builder::apiKey);
        config.stuckAfter().ifPresent(builder::stuckAfter);
        config.workflows().forEach((workflow, settings) ->
                settings.stuckAfter().ifPresent(stuckAfter -> builder.stuckAfter(workflow, stuckAfter)));
        sinks.forEach(builder::sink);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // KodoConfigValidation names the property for every rule core has today; this is for a rule it adds.
            throw new ConfigurationException("Invalid quarkus.kodo configuration: " + e.getMessage(), e);
        }
    }

    /**
     * Closes Kodo early in shutdown, while the application's sink beans are still the instances it used (ArC
     * destroys application-scoped beans before singletons). After the application's own default-priority
     * observers, which may still run workflows.
     */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER) ShutdownEvent event, Kodo kodo) {
        kodo.close();
    }

    /** Releases the reporter when the bean is destroyed without a shutdown event, e.g. a failed start. */
    void close(@Disposes Kodo kodo) {
        kodo.close();
    }

    /**
     * The advice behind both interceptors. It looks Kodo up at the first call it records, not when it is built: ArC
     * builds the interceptors of an annotated static method during static init, before {@code quarkus.kodo.*}
     * (runtime configuration) can be read.
     */
    @Produces
    @Singleton
    KodoAdvice advice(Instance<Kodo> kodo) {
        return new KodoAdvice(new Supplier<>() {
            private volatile Kodo resolved;

            @Override
            public Kodo get() {
                Kodo k = resolved;
                if (k == null) {
                    resolved = k = kodo.get();
                }
                return k;
            }
        });
    }
}
