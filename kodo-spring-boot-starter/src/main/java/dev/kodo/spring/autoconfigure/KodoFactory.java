package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.core.SettingRules;
import dev.kodo.core.sink.RunSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.Environment;

/** Builds the application's {@link Kodo} from {@code kodo.*}, the {@code KODO_*} variables and the sink beans. */
final class KodoFactory {

    private static final String[] VARIABLES = {"KODO_API_KEY", "KODO_ENDPOINT", "KODO_SERVICE", "KODO_ENVIRONMENT"};

    private KodoFactory() {
    }

    /**
     * @throws InvalidConfigurationPropertyValueException naming the {@code kodo.*} property (or {@code KODO_*}
     *                                                    variable) that is wrong; Boot's failure analyzer adds where
     *                                                    it was set
     */
    static Kodo create(KodoProperties properties, Environment environment, Stream<RunSink> sinks) {
        Map<String, String> variables = new HashMap<>();
        for (String name : VARIABLES) {
            String value = environment.getProperty(name);
            if (value != null && !value.isBlank()) {
                variables.put(name, value);
            }
        }
        validate(properties, variables);
        Kodo.Builder builder = Kodo.builder().registerShutdownHook(false).enabled(properties.isEnabled())
                .fromEnvironment(variables);
        if (!variables.containsKey("KODO_SERVICE")) {
            builder.service(environment.getProperty("spring.application.name", "application"));
        }
        set(properties.getApiKey(), builder::apiKey);
        set(properties.getEndpoint(), builder::endpoint);
        set(properties.getService(), builder::service);
        set(properties.getEnvironment(), builder::environment);
        set(properties.getStuckAfter(), builder::stuckAfter);
        properties.getWorkflows().forEach((workflow, settings) -> set(settings.getStuckAfter(),
                stuckAfter -> builder.stuckAfter(workflow, stuckAfter)));
        KodoProperties.Reporter reporter = properties.getReporter();
        set(reporter.getQueueCapacity(), builder::queueCapacity);
        set(reporter.getBatchSize(), builder::batchSize);
        set(reporter.getFlushInterval(), builder::flushInterval);
        set(reporter.getHeartbeatInterval(), builder::heartbeatInterval);
        set(reporter.getShutdownTimeout(), builder::shutdownTimeout);
        set(reporter.getMaxRetryTime(), builder::maxRetryTime);
        set(reporter.getRequestTimeout(), builder::requestTimeout);
        set(reporter.getGzip(), builder::gzip);
        sinks.forEach(builder::sink);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // validate() names the property for every rule core has today; this is for a rule core adds.
            throw new IllegalStateException("Kodo cannot use the kodo.* configuration: " + e.getMessage(), e);
        }
    }

    /** Checks what core would reject, so that the error names the property rather than core's setting. */
    private static void validate(KodoProperties properties, Map<String, String> variables) {
        if (properties.getEndpoint() != null) {
            require(SettingRules.isHttpUrl(properties.getEndpoint().toString()), "kodo.endpoint",
                    properties.getEndpoint(), SettingRules.HTTP_URL);
        } else if (variables.containsKey("KODO_ENDPOINT")) {
            String endpoint = variables.get("KODO_ENDPOINT");
            require(SettingRules.isHttpUrl(endpoint), "KODO_ENDPOINT", endpoint, SettingRules.HTTP_URL
                    + " (kodo.endpoint is unset, so Kodo uses this variable); fix it or set kodo.endpoint");
        }
        positive("kodo.stuck-after", properties.getStuckAfter());
        properties.getWorkflows().forEach((workflow, settings) ->
                positive("kodo.workflows" + mapKey(workflow) + ".stuck-after", settings.getStuckAfter()));
        KodoProperties.Reporter reporter = properties.getReporter();
        atLeastOne("kodo.reporter.queue-capacity", reporter.getQueueCapacity());
        atLeastOne("kodo.reporter.batch-size", reporter.getBatchSize());
        positive("kodo.reporter.flush-interval", reporter.getFlushInterval());
        positive("kodo.reporter.heartbeat-interval", reporter.getHeartbeatInterval());
        positive("kodo.reporter.shutdown-timeout", reporter.getShutdownTimeout());
        positive("kodo.reporter.max-retry-time", reporter.getMaxRetryTime());
        positive("kodo.reporter.request-timeout", reporter.getRequestTimeout());
    }

    /** {@code .checkout-fulfillment}, or {@code [nightly.invoicing]} for a key Boot binds only in brackets. */
    private static String mapKey(String key) {
        return key.matches("[A-Za-z0-9-]+") ? "." + key : "[" + key + "]";
    }

    private static void positive(String property, Duration value) {
        require(value == null || SettingRules.isPositive(value), property, value, SettingRules.POSITIVE_DURATION);
    }

    private static void atLeastOne(String property, Integer value) {
        require(value == null || SettingRules.isAtLeastOne(value), property, value, SettingRules.AT_LEAST_ONE);
    }

    private static void require(boolean valid, String property, Object value, String reason) {
        if (!valid) {
            throw new InvalidConfigurationPropertyValueException(property, value, reason);
        }
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
