package dev.kodo.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * What a valid Kodo setting is, in one place: {@link Kodo.Builder} and {@code ReporterSettings} enforce these rules,
 * and the Spring Boot and Quarkus integrations check them first so that they can name the property and where it was
 * set ({@code application.properties:12}). Each rule has a test and the words an error message uses.
 *
 * <pre>{@code
 * if (!SettingRules.isPositive(flushInterval)) {
 *     throw new MyConfigException("kodo.reporter.flush-interval " + SettingRules.POSITIVE_DURATION);
 * }
 * }</pre>
 */
public final class SettingRules {

    /** What {@link #isPositive(Duration)} asks for. */
    public static final String POSITIVE_DURATION = "must be a positive duration such as 10m";
    /** What {@link #isAtLeastOne(long)} asks for. */
    public static final String AT_LEAST_ONE = "must be at least 1";
    /** What {@link #isHttpUrl(String)} asks for. */
    public static final String HTTP_URL = "must be an http(s) URL such as http://localhost:7700";

    private SettingRules() {
    }

    /** Durations (intervals, timeouts, stuck-after) must be more than zero; {@code null} is not a duration. */
    public static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    /** Counts (queue capacity, batch size) must be at least 1. */
    public static boolean isAtLeastOne(long count) {
        return count >= 1;
    }

    /** The endpoint: an absolute {@code http} or {@code https} URL with a host. */
    public static boolean isHttpUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            return isHttpUrl(new URI(url.trim()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** As {@link #isHttpUrl(String)}. */
    public static boolean isHttpUrl(URI uri) {
        return uri != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                && uri.getHost() != null;
    }
}
