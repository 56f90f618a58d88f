package dev.kodo.quarkus.runtime;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.sink.RunSink;
import dev.kodo.core.sink.RunSinkProvider;
import io.quarkus.arc.All;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(KodoProducer.class);

    /** The property behind each setting that {@link Kodo.Builder#build()} may reject, by the name it uses. */
    private static final Map<String, String> PROPERTIES = Map.of(
            "endpoint", "quarkus.kodo.endpoint",
            "stuckAfter", "quarkus.kodo.stuck-after",
            "queueCapacity", "quarkus.kodo.reporter.queue-capacity",
            "batchSize", "quarkus.kodo.reporter.batch-size",
            "flushInterval", "quarkus.kodo.reporter.flush-interval",
            "heartbeatInterval", "quarkus.kodo.reporter.heartbeat-interval",
            "shutdownTimeout", "quarkus.kodo.reporter.shutdown-timeout",
            "maxRetryTime", "quarkus.kodo.reporter.max-retry-time",
            "requestTimeout", "quarkus.kodo.reporter.request-timeout");

    @Produces
    @Singleton
    @Startup
    @DefaultBean
    Kodo kodo(KodoRuntimeConfig config, @All List<RunSink> sinks) {
        SmallRyeConfig all = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
        KodoRuntimeConfig.ReporterConfig reporter = config.reporter();
        Kodo.Builder builder = Kodo.builder()
                .enabled(config.enabled())
                .registerShutdownHook(false)
                .service(config.service().orElseGet(
                        () -> all.getOptionalValue("quarkus.application.name", String.class).orElse(null)))
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
        builder.discoverSinks(false);
        providedSinks().forEach(builder::sink);
        try {
            return builder.endpoint(config.endpoint()).build();
        } catch (IllegalArgumentException e) {
            throw invalid(all, e);
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

    @Produces
    @Singleton
    KodoAdvice advice(Kodo kodo) {
        return new KodoAdvice(kodo);
    }

    /**
     * The sinks of the {@link RunSinkProvider}s the application can see, e.g. kodo-test's in a {@code @QuarkusTest}.
     * Core looks for providers with its own class loader, which under Quarkus is the base runtime class loader: it
     * cannot see the application's libraries (kodo-test among them). The application's class loader (the context
     * class loader while the application starts) sees those and core's alike, so core's own discovery is off.
     */
    private static List<RunSink> providedSinks() {
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        List<RunSink> found = new ArrayList<>();
        try {
            for (RunSinkProvider provider : ServiceLoader.load(RunSinkProvider.class,
                    application != null ? application : KodoProducer.class.getClassLoader())) {
                RunSink sink = provider.sink();
                if (sink != null) {
                    found.add(sink);
                }
            }
        } catch (ServiceConfigurationError | RuntimeException e) {
            LOG.warn("Kodo: could not load a RunSinkProvider from META-INF/services: " + e);
        }
        return found;
    }

    /** Names the property, its value and where it was set, e.g. {@code application.properties:12}. */
    private static ConfigurationException invalid(SmallRyeConfig config, IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        for (Map.Entry<String, String> setting : PROPERTIES.entrySet()) {
            if (message.startsWith(setting.getKey() + " ")) {
                String property = setting.getValue();
                ConfigValue value = config.getConfigValue(property);
                String where = value.getSourceName() == null ? "its default"
                        : value.getSourceName() + (value.getLineNumber() > 0 ? ":" + value.getLineNumber() : "");
                return new ConfigurationException("Invalid " + property + "=" + value.getValue() + " (set in " + where
                        + "): " + message + ". Fix the value in application.properties or the environment variable "
                        + property.toUpperCase().replaceAll("[^A-Z0-9]", "_") + ".", e, Set.of(property));
            }
        }
        return new ConfigurationException("Invalid quarkus.kodo configuration: " + message, e);
    }
}
