package dev.kodo.quarkus.runtime;

import dev.kodo.core.SettingRules;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import java.util.Locale;
import java.util.Set;

/**
 * Checks {@code quarkus.kodo.*} before the {@code Kodo} is built, so that a bad value is reported with its property,
 * its value and where it was set, e.g. {@code application.properties:12}. The rules themselves are core's
 * {@link SettingRules}, which the {@code Kodo} builder enforces too.
 */
final class KodoConfigValidation {

    private static final String POSITIVE = SettingRules.POSITIVE_DURATION;
    private static final String AT_LEAST_ONE = SettingRules.AT_LEAST_ONE;
    private static final String PREFIX = "quarkus.kodo.";

    private KodoConfigValidation() {
    }

    /** @throws ConfigurationException naming the first property whose value Kodo cannot use */
    static void validate(KodoRuntimeConfig config, SmallRyeConfig source) {
        KodoRuntimeConfig.ReporterConfig reporter = config.reporter();
        require(source, "endpoint", SettingRules.isHttpUrl(config.endpoint()), SettingRules.HTTP_URL);
        config.stuckAfter().ifPresent(d -> require(source, "stuck-after", SettingRules.isPositive(d), POSITIVE));
        config.workflows().forEach((workflow, settings) -> settings.stuckAfter().ifPresent(d ->
                require(source, workflowStuckAfter(source, workflow), SettingRules.isPositive(d), POSITIVE)));
        require(source, "reporter.queue-capacity", SettingRules.isAtLeastOne(reporter.queueCapacity()), AT_LEAST_ONE);
        require(source, "reporter.batch-size", SettingRules.isAtLeastOne(reporter.batchSize()), AT_LEAST_ONE);
        require(source, "reporter.flush-interval", SettingRules.isPositive(reporter.flushInterval()), POSITIVE);
        require(source, "reporter.heartbeat-interval", SettingRules.isPositive(reporter.heartbeatInterval()), POSITIVE);
        require(source, "reporter.shutdown-timeout", SettingRules.isPositive(reporter.shutdownTimeout()), POSITIVE);
        require(source, "reporter.max-retry-time", SettingRules.isPositive(reporter.maxRetryTime()), POSITIVE);
        require(source, "reporter.request-timeout", SettingRules.isPositive(reporter.requestTimeout()), POSITIVE);
    }

    /**
     * The per-workflow property as the user wrote it: a workflow name may be quoted
     * ({@code workflows."webhook-delivery".stuck-after}) and must be when it contains dots.
     */
    private static String workflowStuckAfter(SmallRyeConfig source, String workflow) {
        String unquoted = "workflows." + workflow + ".stuck-after";
        boolean writtenUnquoted = !workflow.contains(".")
                && source.getConfigValue(PREFIX + unquoted).getValue() != null;
        return writtenUnquoted ? unquoted : "workflows.\"" + workflow + "\".stuck-after";
    }

    private static void require(SmallRyeConfig source, String name, boolean valid, String rule) {
        if (valid) {
            return;
        }
        String property = PREFIX + name;
        ConfigValue value = source.getConfigValue(property);
        String variable = fallbackVariable(value);
        String message;
        if (variable != null) {
            // Unset, so its default took the value of a KODO_* variable (see KodoRuntimeConfig).
            ConfigValue set = source.getConfigValue(variable);
            message = "Invalid " + variable + "=" + set.getValue() + " (set in " + where(set) + "), which " + property
                    + " falls back to: it " + rule + ". Fix " + variable + ", or set " + property + ".";
        } else {
            message = "Invalid " + property + "=" + value.getValue() + " (set in " + where(value) + "): it " + rule
                    + ". Fix the value in application.properties or the environment variable "
                    + property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ".";
        }
        throw new ConfigurationException(message, Set.of(property));
    }

    /** {@code KODO_ENDPOINT} when the value is the default {@code ${KODO_ENDPOINT:...}}, else {@code null}. */
    private static String fallbackVariable(ConfigValue value) {
        String raw = value.getRawValue();
        if (raw == null || !raw.startsWith("${KODO_")) {
            return null;
        }
        int end = raw.indexOf(':');
        return raw.substring(2, end > 0 ? end : raw.length() - 1);
    }

    /** The source and line, e.g. {@code PropertiesConfigSource[source=file:/app/application.properties]:12}. */
    private static String where(ConfigValue value) {
        return value.getSourceName() == null ? "its default" : value.getLocation();
    }
}
