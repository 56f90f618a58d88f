package dev.kodo.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigDocDefault;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Kodo: see whether your business processes actually finish. Methods of CDI beans annotated with
 * {@code @KodoWorkflow} / {@code @KodoStep} are recorded as runs and steps and shipped to a Kodo server.
 *
 * <pre>
 * quarkus.kodo.endpoint=http://localhost:7700
 * quarkus.kodo.environment=production
 * quarkus.kodo.stuck-after=15m
 * quarkus.kodo.workflows."webhook-delivery".stuck-after=2m
 * </pre>
 *
 * The API key, endpoint, service and environment fall back to the environment variables {@code KODO_API_KEY},
 * {@code KODO_ENDPOINT}, {@code KODO_SERVICE} and {@code KODO_ENVIRONMENT}, which {@code Kodo.fromEnvironment()}
 * reads too.
 * Durations take Quarkus' usual forms: {@code 30s}, {@code 10m}, {@code 2h}, ISO-8601 {@code PT10M}, or a plain
 * number of seconds.
 */
@ConfigMapping(prefix = "quarkus.kodo")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface KodoRuntimeConfig {

    /**
     * Whether to record workflows and steps. When {@code false}, annotated methods run exactly as they would
     * without Kodo and nothing is recorded or shipped.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The ingest API key of your Kodo project, sent as {@code Authorization: Bearer <key>}. When unset, the
     * {@code KODO_API_KEY} environment variable is used. Without either, runs are still recorded in this process
     * (Dev UI, the injected {@code Kodo}'s {@code processHealth()}) but not shipped; one log line at startup says
     * so. Keep it out of source control: set {@code KODO_API_KEY} or {@code QUARKUS_KODO_API_KEY} in the
     * environment.
     */
    @WithDefault("${KODO_API_KEY:}")
    @ConfigDocDefault("the KODO_API_KEY environment variable")
    Optional<String> apiKey();

    /**
     * The Kodo server runs are shipped to; they are posted to {@code <endpoint>/api/v1/runs}. When unset, the
     * {@code KODO_ENDPOINT} environment variable, else {@code http://localhost:7700}.
     */
    @WithDefault("${KODO_ENDPOINT:http://localhost:7700}")
    @ConfigDocDefault("KODO_ENDPOINT, else http://localhost:7700")
    String endpoint();

    /**
     * The service name runs are reported under. When unset, the {@code KODO_SERVICE} environment variable, else
     * {@code quarkus.application.name}.
     */
    @WithDefault("${KODO_SERVICE:${quarkus.application.name:}}")
    @ConfigDocDefault("KODO_SERVICE, else quarkus.application.name")
    Optional<String> service();

    /**
     * The environment runs are reported under, e.g. {@code production} or {@code staging}. When unset, the
     * {@code KODO_ENVIRONMENT} environment variable; not reported when neither is set.
     */
    @WithDefault("${KODO_ENVIRONMENT:}")
    @ConfigDocDefault("the KODO_ENVIRONMENT environment variable")
    Optional<String> environment();

    /**
     * How long a run may stay in flight before it counts as stuck, for workflows with neither a
     * {@code @KodoWorkflow(stuckAfter = ...)} hint nor a per-workflow setting. When unset, the server's setting
     * applies (15 minutes unless changed there).
     */
    Optional<Duration> stuckAfter();

    /**
     * Settings of individual workflows, by workflow name, e.g.
     * {@code quarkus.kodo.workflows."webhook-delivery".stuck-after=2m}.
     */
    Map<String, WorkflowConfig> workflows();

    /**
     * How runs are shipped: batching, retries, timeouts.
     */
    ReporterConfig reporter();

    /** Settings of one workflow. */
    interface WorkflowConfig {

        /**
         * How long a run of this workflow may stay in flight before it counts as stuck. A
         * {@code @KodoWorkflow(stuckAfter = ...)} hint on the method takes precedence.
         */
        Optional<Duration> stuckAfter();
    }

    /** How runs are shipped to the server. */
    interface ReporterConfig {

        /**
         * How many ended runs may wait to be sent. When the queue is full (the server is unreachable or slow),
         * new runs are dropped and counted rather than blocking your code or filling the heap.
         */
        @WithDefault("2048")
        int queueCapacity();

        /**
         * The most runs sent in one request.
         */
        @WithDefault("512")
        int batchSize();

        /**
         * How long an ended run may wait before its batch is sent. Also the age at which a run still in flight is
         * announced to the server as {@code running}.
         */
        @WithDefault("1s")
        Duration flushInterval();

        /**
         * How often this process reports itself alive, with the ids of its runs in flight. The server declares
         * a run lost when its process missed three heartbeats.
         */
        @WithDefault("30s")
        Duration heartbeatInterval();

        /**
         * How long shutdown may take to deliver the runs still queued.
         */
        @WithDefault("5s")
        Duration shutdownTimeout();

        /**
         * How long a batch is retried (HTTP 429, 5xx, network errors; with exponential backoff and jitter,
         * honouring {@code Retry-After}) before it is given up and counted as failed.
         */
        @WithDefault("2m")
        Duration maxRetryTime();

        /**
         * The timeout of one HTTP request to the server.
         */
        @WithDefault("10s")
        Duration requestTimeout();

        /**
         * Whether request bodies of 1 KiB and more are gzip-compressed.
         */
        @WithDefault("true")
        boolean gzip();
    }
}
