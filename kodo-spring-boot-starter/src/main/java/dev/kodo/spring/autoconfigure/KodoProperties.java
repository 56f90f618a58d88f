package dev.kodo.spring.autoconfigure;

import dev.kodo.spring.aop.KodoAdvisor;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Kodo under {@code kodo.*}. Every setting has a default; an application that only adds the
 * starter records runs locally (actuator endpoint {@code kodo}, Micrometer meters) and ships them once
 * {@code kodo.api-key} (or {@code KODO_API_KEY}) is set.
 *
 * <pre>{@code
 * kodo:
 *   api-key: ${KODO_API_KEY:}
 *   endpoint: http://localhost:7700
 *   environment: production
 *   stuck-after: 15m
 *   workflows:
 *     checkout-fulfillment:
 *       stuck-after: 10m
 *   reporter:
 *     flush-interval: 1s
 * }</pre>
 *
 * <p>The reporter's defaults are those of {@code dev.kodo.core.export.ReporterSettings}, written out here so that the
 * configuration metadata shows them (a test keeps the two equal); unset
 * {@code api-key}, {@code endpoint}, {@code service} and {@code environment} fall back to the environment variables
 * {@code KODO_API_KEY}, {@code KODO_ENDPOINT}, {@code KODO_SERVICE} and {@code KODO_ENVIRONMENT}.
 */
@ConfigurationProperties("kodo")
public class KodoProperties {

    /**
     * Whether to record workflow runs. When false, annotated methods run unchanged and nothing is recorded or
     * shipped.
     */
    private boolean enabled = true;

    /**
     * Ingest API key of the Kodo server (sent as a bearer token). Without one, runs are recorded locally but not
     * shipped. Default: the KODO_API_KEY environment variable.
     */
    private String apiKey;

    /**
     * Base URL of the Kodo server; runs are posted to {endpoint}/api/v1/runs. Default: KODO_ENDPOINT, else
     * http://localhost:7700.
     */
    private URI endpoint;

    /**
     * Service name runs are reported under. Default: KODO_SERVICE, else spring.application.name, else
     * "application".
     */
    private String service;

    /**
     * Environment runs are reported under, e.g. "production" or "staging". Default: KODO_ENVIRONMENT, else none.
     */
    private String environment;

    /**
     * How long a run may stay in flight before it counts as stuck, for workflows without their own setting
     * (kodo.workflows.*.stuck-after or @KodoWorkflow(stuckAfter)). Default: the server's, 15 minutes.
     */
    private Duration stuckAfter;

    /**
     * Settings per workflow, keyed by workflow name. kodo.workflows.NAME.stuck-after (a duration, e.g.
     * kodo.workflows.checkout-fulfillment.stuck-after=10m) is how long a run of that workflow may stay in flight
     * before it counts as stuck; it wins over kodo.stuck-after, and @KodoWorkflow(stuckAfter) on the method wins over
     * it. Names with dots go in brackets: kodo.workflows[nightly.invoicing].stuck-after=2h.
     */
    private Map<String, Workflow> workflows = new LinkedHashMap<>();

    /**
     * Order of the advisor that applies @KodoWorkflow and @KodoStep among the other advisors of a bean. Lower runs
     * first (outside). The default, Ordered.HIGHEST_PRECEDENCE + 100, wraps @Transactional (LOWEST_PRECEDENCE) and
     * Spring Retry's @Retryable (LOWEST_PRECEDENCE - 1): a step covers all its attempts and its commit. To time
     * steps inside their transactions, lower the transaction advisor's order, e.g. with
     * @EnableTransactionManagement(order = 0), and set this above it, e.g. 10.
     */
    private int adviceOrder = KodoAdvisor.DEFAULT_ORDER;

    private final Reporter reporter = new Reporter();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public URI getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(URI endpoint) {
        this.endpoint = endpoint;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    public Map<String, Workflow> getWorkflows() {
        return workflows;
    }

    public void setWorkflows(Map<String, Workflow> workflows) {
        this.workflows = workflows;
    }

    public int getAdviceOrder() {
        return adviceOrder;
    }

    public void setAdviceOrder(int adviceOrder) {
        this.adviceOrder = adviceOrder;
    }

    public Reporter getReporter() {
        return reporter;
    }

    /** Settings of one workflow. */
    public static class Workflow {

        /**
         * How long a run of this workflow may stay in flight before it counts as stuck. A
         * {@code @KodoWorkflow(stuckAfter = ...)} on the method takes precedence.
         */
        private Duration stuckAfter;

        public Duration getStuckAfter() {
            return stuckAfter;
        }

        public void setStuckAfter(Duration stuckAfter) {
            this.stuckAfter = stuckAfter;
        }
    }

    /** How runs are shipped to the server. */
    public static class Reporter {

        /**
         * How many ended runs may wait to be sent. When the queue is full, new runs are dropped and counted
         * (kodo.reporter.dropped).
         */
        private Integer queueCapacity = 2048;

        /** The most runs sent in one request. */
        private Integer batchSize = 512;

        /**
         * How long an ended run may wait before its batch is sent; also the age at which a run still in flight is
         * announced as running.
         */
        private Duration flushInterval = Duration.ofSeconds(1);

        /**
         * How often this process reports itself alive with the ids of its runs in flight; the server declares a
         * run lost after three missed heartbeats.
         */
        private Duration heartbeatInterval = Duration.ofSeconds(30);

        /** How long shutdown may take to deliver what is queued. */
        private Duration shutdownTimeout = Duration.ofSeconds(5);

        /** How long a batch is retried (429, 5xx, network errors) before it is given up. */
        private Duration maxRetryTime = Duration.ofMinutes(2);

        /** The timeout of one HTTP request to the server. */
        private Duration requestTimeout = Duration.ofSeconds(10);

        /** Whether to gzip request bodies. */
        private Boolean gzip = true;

        public Integer getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(Integer queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Integer getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(Integer batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getFlushInterval() {
            return flushInterval;
        }

        public void setFlushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        public Duration getMaxRetryTime() {
            return maxRetryTime;
        }

        public void setMaxRetryTime(Duration maxRetryTime) {
            this.maxRetryTime = maxRetryTime;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        public Boolean getGzip() {
            return gzip;
        }

        public void setGzip(Boolean gzip) {
            this.gzip = gzip;
        }
    }
}
