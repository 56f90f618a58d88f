package dev.kodo.collector.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * kodo.yaml, checked and resolved. Load it with {@link ConfigLoader}.
 *
 * @param file         the file it was read from
 * @param endpoint     the Kodo server ({@code endpoint:}, else {@code KODO_ENDPOINT}, else http://localhost:7700)
 * @param apiKey       the ingest key ({@code api_key:}, else {@code KODO_API_KEY}); {@code null} when neither is set
 * @param service      the service name runs are reported under
 * @param environment  e.g. {@code production}, or {@code null}
 * @param pollInterval how long watch mode waits between passes
 * @param commitLag    how far behind the database clock the cursor stays, so that rows of transactions that
 *                     commit late are not skipped
 * @param batchSize    rows read per query and runs sent per request
 * @param maxPending   how many rows read while unfinished are re-checked each pass, per process
 * @param queryTimeout how long the collector waits for the database to answer a query before the pass fails
 *                     (and is retried): a half-open connection or a lock wait never hangs it
 * @param processes    the tables to read
 */
public record CollectorConfig(Path file, URI endpoint, String apiKey, String service, String environment,
                              Duration pollInterval, Duration commitLag, int batchSize, int maxPending,
                              Duration queryTimeout, List<ProcessConfig> processes) {

    public static final String DEFAULT_SERVICE = "kodo-collector";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMIT_LAG = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_PENDING = 10_000;
    /** How long one database read may wait (socket timeout) when kodo.yaml sets no {@code query_timeout}. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(2);

    public CollectorConfig {
        processes = List.copyOf(processes);
    }

    /** The same configuration with other loop settings (tests and benchmarks tune them). */
    public CollectorConfig withLoop(Duration pollInterval, Duration commitLag, int batchSize, int maxPending) {
        return new CollectorConfig(file, endpoint, apiKey, service, environment, pollInterval, commitLag, batchSize,
                maxPending, queryTimeout, processes);
    }

    @Override
    public String toString() {
        return "CollectorConfig[file=" + file + ", endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none"
                : "****") + ", processes=" + processes.size() + "]";
    }
}
