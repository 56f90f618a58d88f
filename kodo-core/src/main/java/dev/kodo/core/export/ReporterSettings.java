package dev.kodo.core.export;

import dev.kodo.core.SettingRules;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How runs are shipped to a Kodo server. Every setting has a default; see {@link #defaults(URI, String)}. Most
 * code sets them through {@code Kodo.builder()} instead:
 * <pre>{@code
 * Kodo kodo = Kodo.builder().apiKey(key).endpoint(URI.create("http://localhost:7700"))
 *         .queueCapacity(10_000).batchSize(500).flushInterval(Duration.ofSeconds(2)).build();
 * }</pre>
 *
 * @param endpoint          the server, e.g. {@code http://localhost:7700}; runs go to {@code {endpoint}/api/v1/runs}
 * @param apiKey            the ingest key, sent as {@code Authorization: Bearer <key>}
 * @param queueCapacity     how many ended runs may wait to be sent; when full, new runs are dropped and counted
 * @param batchSize         the most runs sent in one request
 * @param flushInterval     how long a run may wait before its batch is sent; also the age at which a run still
 *                          in flight is announced to the server as {@code running}
 * @param heartbeatInterval how often this process reports itself alive with the ids of its runs in flight;
 *                          the server declares a run lost after three missed heartbeats
 * @param shutdownTimeout   how long closing may take to deliver what is queued
 * @param maxRetryTime      how long a batch is retried (429, 5xx, network errors) before it is given up
 * @param requestTimeout    the timeout of one HTTP request
 * @param gzip              compress request bodies larger than 1 KiB
 */
public record ReporterSettings(URI endpoint, String apiKey, int queueCapacity, int batchSize,
                               Duration flushInterval, Duration heartbeatInterval, Duration shutdownTimeout,
                               Duration maxRetryTime, Duration requestTimeout, boolean gzip) {

    /** {@code http://localhost:7700}: where {@code kodo-server} listens by default. */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:7700");
    public static final int DEFAULT_QUEUE_CAPACITY = 2048;
    public static final int DEFAULT_BATCH_SIZE = 512;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofMinutes(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ReporterSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (!SettingRules.isHttpUrl(endpoint)) {
            throw new IllegalArgumentException("endpoint " + SettingRules.HTTP_URL + ", was \"" + endpoint + "\"");
        }
        atLeastOne("queueCapacity", queueCapacity);
        atLeastOne("batchSize", batchSize);
        positive("flushInterval", flushInterval);
        positive("heartbeatInterval", heartbeatInterval);
        positive("shutdownTimeout", shutdownTimeout);
        positive("maxRetryTime", maxRetryTime);
        positive("requestTimeout", requestTimeout);
    }

    /** The defaults, for a given endpoint and key. */
    public static ReporterSettings defaults(URI endpoint, String apiKey) {
        return new ReporterSettings(endpoint, apiKey, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_MAX_RETRY_TIME,
                DEFAULT_REQUEST_TIMEOUT, true);
    }

    /** The URL runs are posted to. */
    public URI ingestUri() {
        String base = endpoint.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + dev.kodo.core.wire.WireFormat.INGEST_PATH);
    }

    @Override
    public String toString() {
        // Never print the key.
        return "ReporterSettings[endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "****")
                + ", queueCapacity=" + queueCapacity + ", batchSize=" + batchSize + ", flushInterval="
                + flushInterval + ", heartbeatInterval=" + heartbeatInterval + ", shutdownTimeout=" + shutdownTimeout
                + ", maxRetryTime=" + maxRetryTime + ", requestTimeout=" + requestTimeout + ", gzip=" + gzip + "]";
    }

    private static void atLeastOne(String name, int value) {
        if (!SettingRules.isAtLeastOne(value)) {
            throw new IllegalArgumentException(name + " " + SettingRules.AT_LEAST_ONE + ", was " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (!SettingRules.isPositive(value)) {
            throw new IllegalArgumentException(name + " " + SettingRules.POSITIVE_DURATION + ", was " + value);
        }
    }
}
