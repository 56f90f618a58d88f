package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
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

    /** Core names the setting it rejects first in its message; this maps those names to our properties. */
    private static final Map<String, String> PROPERTY_OF_SETTING = Map.of(
            "endpoint", "kodo.endpoint",
            "stuckAfter", "kodo.stuck-after",
            "queueCapacity", "kodo.reporter.queue-capacity",
            "batchSize", "kodo.reporter.batch-size",
            "flushInterval", "kodo.reporter.flush-interval",
            "heartbeatInterval", "kodo.reporter.heartbeat-interval",
            "shutdownTimeout", "kodo.reporter.shutdown-timeout",
            "maxRetryTime", "kodo.reporter.max-retry-time",
            "requestTimeout", "kodo.reporter.request-timeout");

    private static final String[] VARIABLES = {"KODO_API_KEY", "KODO_ENDPOINT", "KODO_SERVICE", "KODO_ENVIRONMENT"};

    private KodoFactory() {
    }

    /**
     * @throws InvalidConfigurationPropertyValueException naming the {@code kodo.*} property that is wrong; Boot's
     *                                                    failure analyzer adds where it was set
     */
    static Kodo create(KodoProperties properties, Environment environment, Stream<RunSink> sinks) {
        Kodo.Builder builder = Kodo.builder().registerShutdownHook(false).enabled(properties.isEnabled());
        Map<String, String> variables = new HashMap<>();
        for (String name : VARIABLES) {
            String value = environment.getProperty(name);
            if (value != null) {
                variables.put(name, value);
            }
        }
        builder.fromEnvironment(variables);
        if (!variables.containsKey("KODO_SERVICE")) {
            builder.service(environment.getProperty("spring.application.name", "application"));
        }
        set(properties.getApiKey(), builder::apiKey);
        set(properties.getEndpoint(), builder::endpoint);
        set(properties.getService(), builder::service);
        set(properties.getEnvironment(), builder::environment);
        set(properties.getStuckAfter(), builder::stuckAfter);
        properties.getWorkflows().forEach((workflow, settings) -> {
            Duration stuckAfter = settings.getStuckAfter();
            if (stuckAfter != null) {
                if (stuckAfter.isNegative() || stuckAfter.isZero()) {
                    String property = "kodo.workflows." + workflow + ".stuck-after";
                    throw new InvalidConfigurationPropertyValueException(property, stuckAfter,
                            "must be a positive duration such as 10m");
                }
                builder.stuckAfter(workflow, stuckAfter);
            }
        });
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
            throw translate(e, environment);
        }
    }

    private static RuntimeException translate(IllegalArgumentException e, Environment environment) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int space = message.indexOf(' ');
        String property = space > 0 ? PROPERTY_OF_SETTING.get(message.substring(0, space)) : null;
        if (property == null) {
            return e;
        }
        String value = environment.getProperty(property);
        if (value == null && property.equals("kodo.endpoint")) {
            value = environment.getProperty("KODO_ENDPOINT");
        }
        InvalidConfigurationPropertyValueException translated =
                new InvalidConfigurationPropertyValueException(property, value, message.substring(space + 1));
        translated.initCause(e);
        return translated;
    }

    private static <T> void set(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
