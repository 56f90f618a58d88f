package dev.kodo.collector;

import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ConfigException;
import dev.kodo.collector.config.ConfigLoader;
import dev.kodo.collector.state.StateException;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.export.Backoff;
import dev.kodo.core.export.IngestClient;
import dev.kodo.core.export.ReporterSettings;
import dev.kodo.core.run.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Builds what a test needs: a kodo.yaml in a folder, a collector on it that ships to a {@link TestReceiver}. */
final class Fixture implements AutoCloseable {

    final Path dir;
    final TestReceiver receiver;
    /** Replaceable: a stopped collector's stopper stays stopped, and a later pass needs a fresh one. */
    Stopper stopper = new Stopper();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final Log log = new Log(new PrintStream(logBytes, true, StandardCharsets.UTF_8), true);
    Duration giveUpAfter = Duration.ofSeconds(20);
    /** Where runs are sent: the receiver, unless a test puts a {@link TcpProxy} in between. */
    URI endpoint;
    private StateStore store;

    Fixture(Path dir, TestReceiver receiver) {
        this.dir = dir;
        this.receiver = receiver;
        this.endpoint = receiver.endpoint();
    }

    /** The standard test table: created_at/updated_at timestamptz, plus error, step and customer columns. */
    static String createTable(String table) {
        Pg.sql("CREATE TABLE " + table + " (id bigint PRIMARY KEY, status text NOT NULL, "
                + "created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, error text, step text, "
                + "customer text)");
        return table;
    }

    /** Inserts a row that started {@code agoSeconds} ago and was last updated {@code updatedAgoSeconds} ago. */
    static void insert(String table, long id, String status, int agoSeconds, int updatedAgoSeconds) {
        Pg.sql("INSERT INTO " + table + " (id, status, created_at, updated_at) VALUES (" + id + ", '" + status
                + "', now() - interval '" + agoSeconds + " seconds', now() - interval '" + updatedAgoSeconds
                + " seconds')");
    }

    /** kodo.yaml for one process over {@code table}, with {@code extra} lines added to the process. */
    static String yaml(String table, String top, String extra) {
        return (top == null ? "" : top + "\n")
                + "processes:\n"
                + "  - name: wh\n"
                + "    source: postgres\n"
                + "    connection: ${DATABASE_URL}\n"
                + "    table: " + table + "\n"
                + "    id: id\n"
                + "    status: status\n"
                + "    started_at: created_at\n"
                + "    completed_at: updated_at\n"
                + (extra == null ? "" : extra);
    }

    Path write(String yaml) throws IOException {
        Path file = dir.resolve("kodo.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    CollectorConfig config(String yaml) throws IOException, ConfigException {
        Path file = write(yaml);
        return new ConfigLoader(Map.of("DATABASE_URL", Pg.url())).load(file);
    }

    Path statePath() {
        return dir.resolve(StateStore.DEFAULT_FILE_NAME);
    }

    RunDestination server() {
        IngestClient client = IngestClient.create(ReporterSettings.defaults(endpoint, TestReceiver.KEY),
                "kodo-collector/test");
        return new ServerDestination(client, Resource.forThisProcess("test", null, "kodo-collector/test", 0),
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)), giveUpAfter, stopper, log);
    }

    /** A collector on {@code config} with a fresh view of the state file (as after a restart). */
    Collector collector(CollectorConfig config, String... resets) throws StateException {
        closeStore();
        store = StateStore.open(statePath(), true);
        return new Collector(config, store, server(), Set.of(resets), stopper, log);
    }

    /** One pass by a freshly started collector. */
    PassSummary pass(CollectorConfig config) throws Exception {
        try (Collector c = collector(config)) {
            return c.pass();
        }
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private void closeStore() {
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @Override
    public void close() {
        closeStore();
    }
}
