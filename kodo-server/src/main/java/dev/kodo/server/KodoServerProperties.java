package dev.kodo.server;

import dev.kodo.core.run.InFlightRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of {@code kodo-server}, under {@code kodo.server}. Host and port are Spring Boot's
 * {@code server.address} (default {@code 127.0.0.1}) and {@code server.port} (default {@code 7700}).
 *
 * <pre>
 * kodo.server.stuck-after=15m
 * kodo.server.workflows.nightly-invoicing.stuck-after=2h
 * kodo.server.keys[0].project=default
 * kodo.server.keys[0].kind=ingest
 * kodo.server.keys[0].value=${KODO_INGEST_KEY}
 * </pre>
 */
@ConfigurationProperties("kodo.server")
public class KodoServerProperties {

    /**
     * Where the server keeps its files: the embedded database and its binaries. Default {@code ~/.kodo}.
     */
    private Path home = Path.of(System.getProperty("user.home"), ".kodo");

    /**
     * External PostgreSQL, as {@code jdbc:postgresql://host:5432/kodo?user=kodo&password=secret} or
     * {@code postgresql://kodo:secret@host:5432/kodo}. Empty: {@code spring.datasource.url} if set, else the
     * embedded PostgreSQL. Also read from the environment variable {@code KODO_DATABASE_URL}.
     */
    private String databaseUrl = "";

    /** How long a run may stay running before it counts as stuck, when neither the run nor its workflow says. */
    private Duration stuckAfter = InFlightRun.DEFAULT_STUCK_AFTER;

    /** Per-workflow settings, by workflow name: {@code kodo.server.workflows.checkout.stuck-after=10m}. */
    private Map<String, WorkflowSettings> workflows = new LinkedHashMap<>();

    /** API keys declared in configuration; they are stored hashed at startup, next to keys created with {@code keys create}. */
    private List<ConfiguredKey> keys = new ArrayList<>();

    /** On first start with no key at all, create an ingest key and a read key for project {@code default} and print them once. */
    private boolean generateFirstKeys = true;

    private final Ingest ingest = new Ingest();
    private final EmbeddedDatabase embeddedDatabase = new EmbeddedDatabase();
    private final Jobs jobs = new Jobs();

    public Path getHome() {
        return home;
    }

    public void setHome(Path home) {
        this.home = home;
    }

    public String getDatabaseUrl() {
        return databaseUrl;
    }

    public void setDatabaseUrl(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    public Duration getStuckAfter() {
        return stuckAfter;
    }

    public void setStuckAfter(Duration stuckAfter) {
        this.stuckAfter = stuckAfter;
    }

    public Map<String, WorkflowSettings> getWorkflows() {
        return workflows;
    }

    public void setWorkflows(Map<String, WorkflowSettings> workflows) {
        this.workflows = workflows;
    }

    public List<ConfiguredKey> getKeys() {
        return keys;
    }

    public void setKeys(List<ConfiguredKey> keys) {
        this.keys = keys;
    }

    public boolean isGenerateFirstKeys() {
        return generateFirstKeys;
    }

    public void setGenerateFirstKeys(boolean generateFirstKeys) {
        this.generateFirstKeys = generateFirstKeys;
    }

    public Ingest getIngest() {
        return ingest;
    }

    public EmbeddedDatabase getEmbeddedDatabase() {
        return embeddedDatabase;
    }

    public Jobs getJobs() {
        return jobs;
    }

    /** The stuck-after that applies to runs of {@code workflow} that carry no hint of their own. */
    public Duration stuckAfterOf(String workflow) {
        WorkflowSettings settings = workflows.get(workflow);
        return settings != null && settings.getStuckAfter() != null ? settings.getStuckAfter() : stuckAfter;
    }

    /** Settings of one workflow. */
    public static class WorkflowSettings {

        /** How long a run of this workflow may stay running before it counts as stuck (a run's own hint wins). */
        private Duration stuckAfter;

        public Duration getStuckAfter() {
            return stuckAfter;
        }

        public void setStuckAfter(Duration stuckAfter) {
            this.stuckAfter = stuckAfter;
        }
    }

    /** An API key given in configuration. */
    public static class ConfiguredKey {

        /** The project the key belongs to, e.g. {@code default}. */
        private String project = "default";

        /** {@code ingest} (sends runs) or {@code read} (dashboard and Process Health API). */
        private String kind;

        /** The key itself, best taken from the environment: {@code ${KODO_INGEST_KEY}}. */
        private String value;

        /** Instead of {@code value}: the key's SHA-256 as 64 hex characters, so the key never sits in configuration. */
        private String sha256;

        public String getProject() {
            return project;
        }

        public void setProject(String project) {
            this.project = project;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }

        public String getSha256() {
            return sha256;
        }

        public void setSha256(String sha256) {
            this.sha256 = sha256;
        }
    }

    /** Limits of {@code POST /api/v1/runs}. */
    public static class Ingest {

        /** Largest body accepted, after gzip decompression; larger ones get 413 and should be split. */
        private DataSize maxBodySize = DataSize.ofMegabytes(16);

        /** Ingest requests handled at once; more wait up to {@code queue-timeout}, then get 503 with Retry-After. */
        private int maxConcurrentRequests = 8;

        /** How long an ingest request may wait for its turn before it gets 503. */
        private Duration queueTimeout = Duration.ofSeconds(5);

        public DataSize getMaxBodySize() {
            return maxBodySize;
        }

        public void setMaxBodySize(DataSize maxBodySize) {
            this.maxBodySize = maxBodySize;
        }

        public int getMaxConcurrentRequests() {
            return maxConcurrentRequests;
        }

        public void setMaxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
        }

        public Duration getQueueTimeout() {
            return queueTimeout;
        }

        public void setQueueTimeout(Duration queueTimeout) {
            this.queueTimeout = queueTimeout;
        }
    }

    /** The embedded PostgreSQL, used when no database is configured. */
    public static class EmbeddedDatabase {

        /** Its data directory. Default {@code <home>/postgres}. */
        private Path dataDirectory;

        /** Its port; 0 picks a free one at each start. */
        private int port;

        /**
         * PostgreSQL settings passed to the server, e.g. {@code shared_buffers: 256MB}. {@code fsync} and
         * {@code synchronous_commit} are on unless set here: a 202 means the runs are on disk, and the collector
         * moves its cursor on it.
         */
        private Map<String, String> settings = new LinkedHashMap<>(Map.of("shared_buffers", "256MB", "max_wal_size", "2GB"));

        public Path getDataDirectory() {
            return dataDirectory;
        }

        public void setDataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public Map<String, String> getSettings() {
            return settings;
        }

        public void setSettings(Map<String, String> settings) {
            this.settings = settings;
        }
    }

    /** Background work every instance does; safe when several instances share one database. */
    public static class Jobs {

        /** Whether this instance declares lost runs and maintains the rollups. */
        private boolean enabled = true;

        /** How often running SDK runs are checked for silence (declared lost after 3 heartbeat intervals). */
        private Duration lostSweepInterval = Duration.ofSeconds(5);

        /** How often closed minutes with new runs are rolled up for fast Process Health queries. */
        private Duration rollupInterval = Duration.ofSeconds(1);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getLostSweepInterval() {
            return lostSweepInterval;
        }

        public void setLostSweepInterval(Duration lostSweepInterval) {
            this.lostSweepInterval = lostSweepInterval;
        }

        public Duration getRollupInterval() {
            return rollupInterval;
        }

        public void setRollupInterval(Duration rollupInterval) {
            this.rollupInterval = rollupInterval;
        }
    }
}
