package dev.kodo.collector;

import com.sun.net.httpserver.HttpServer;
import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ConfigLoader;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.export.Backoff;
import dev.kodo.core.export.IngestClient;
import dev.kodo.core.export.ReporterSettings;
import dev.kodo.core.run.Resource;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * By hand, never in CI: the first pass over a large table, side by side with {@code COPY (SELECT ...) TO STDOUT}
 * of the same rows in the same run, then idle passes. Rows: {@code -Dbench.rows} (default 1 000 000).
 * The command and figures are in benchmarks/README.md.
 */
@Tag("benchmark")
class CollectorBenchmark {

    @Test
    void firstPassAndIdlePass() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int batch = Integer.getInteger("bench.batch", 1000);
        int rounds = Integer.getInteger("bench.rounds", 2);
        String table = Pg.newTable("bench");
        Pg.sql("CREATE TABLE " + table + " (id bigint PRIMARY KEY, status text NOT NULL, created_at timestamptz NOT "
                + "NULL, updated_at timestamptz NOT NULL, error text)",
                // 0.5 % still running, 5 % failed with an error, the rest delivered; a second apart on average.
                "INSERT INTO " + table + " SELECT g, CASE WHEN g % 200 = 0 THEN 'pending' WHEN g % 20 = 0 THEN 'failed'"
                        + " ELSE 'delivered' END, timestamptz '2025-01-01' + g * interval '1 second', "
                        + "timestamptz '2025-01-01' + g * interval '1 second' + (g % 97) * interval '10 ms', "
                        + "CASE WHEN g % 20 = 0 AND g % 200 <> 0 THEN 'HTTP 500 from endpoint' END "
                        + "FROM generate_series(1, " + rows + ") g",
                "CREATE INDEX ON " + table + " (updated_at, id)", "ANALYZE " + table);

        AtomicLong bytes = new AtomicLong();
        // Without TCP_NODELAY the JDK's server waits for delayed ACKs (~40 ms a response); real servers set it.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/api/v1/runs", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                bytes.addAndGet(in.transferTo(OutputStream.nullOutputStream()));
                byte[] answer = "{\"accepted\":0,\"rejected\":[]}".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        receiver.setExecutor(Executors.newSingleThreadExecutor());
        receiver.start();
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());

        Path dir = Files.createTempDirectory("kodo-bench");
        Path yaml = dir.resolve("kodo.yaml");
        Files.writeString(yaml, Fixture.yaml(table, "commit_lag: 0s\nbatch_size: " + batch, null));
        CollectorConfig config = new ConfigLoader(Map.of("DATABASE_URL", Pg.url())).load(yaml);
        Log log = new Log(Boolean.getBoolean("bench.verbose") ? System.out
                : new PrintStream(OutputStream.nullOutputStream()), Boolean.getBoolean("bench.verbose"));

        System.out.printf("%n%,d rows, batch_size %d, %d cores, %s%n", rows, batch,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        for (int round = 1; round <= rounds; round++) {
            long copyRows = 0;
            long t0 = System.nanoTime();
            try (Connection c = Pg.connection()) {
                CountingStream out = new CountingStream();
                copyRows = c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT id, status, created_at, "
                        + "updated_at, error FROM " + table + " ORDER BY updated_at, id) TO STDOUT", out);
            }
            double copySeconds = (System.nanoTime() - t0) / 1e9;

            Files.deleteIfExists(dir.resolve(StateStore.DEFAULT_FILE_NAME));
            bytes.set(0);
            Stopper stopper = new Stopper();
            IngestClient client = IngestClient.create(ReporterSettings.defaults(endpoint, "bench"), "bench");
            RunDestination destination = new ServerDestination(client, Resource.forThisProcess("bench", null,
                    "bench", 0), Backoff.standard(), Duration.ofMinutes(1), stopper, log);
            try (StateStore store = StateStore.open(dir.resolve(StateStore.DEFAULT_FILE_NAME), true);
                 Collector collector = new Collector(config, store, destination, Set.of(), stopper, log)) {
                PassSummary first = collector.pass();
                List<Long> idle = idlePasses(collector);
                Pg.sql("UPDATE " + table + " SET status = 'delivered' WHERE status = 'pending'");
                PassSummary finishing = collector.pass();
                List<Long> idleNoPending = idlePasses(collector);
                System.out.printf("round %d: COPY TO STDOUT %,d rows in %.2f s = %,.0f rows/s | kodo first pass %,d "
                                + "rows, %,d runs shipped (%,d MB sent) in %.2f s = %,.0f rows/s (%.1fx COPY's time) | "
                                + "idle pass with %,d pending re-checked: median %.1f ms, max %.1f ms | "
                                + "(%,d pending shipped final) idle pass with 0 pending: median %.1f ms, max %.1f ms%n",
                        round, copyRows, copySeconds, copyRows / copySeconds, first.rowsRead(), first.runsShipped(),
                        bytes.get() / 1_000_000, first.took().toNanos() / 1e9,
                        first.rowsRead() / (first.took().toNanos() / 1e9),
                        first.took().toNanos() / 1e9 / copySeconds, first.pending(), idle.get(10) / 1e6,
                        idle.get(idle.size() - 1) / 1e6, finishing.runsShipped(), idleNoPending.get(10) / 1e6,
                        idleNoPending.get(idleNoPending.size() - 1) / 1e6);
                Pg.sql("UPDATE " + table + " SET status = 'pending' WHERE id % 200 = 0");
            }
        }
        receiver.stop(0);
        Pg.sql("DROP TABLE " + table);
    }

    /** 21 passes with nothing new; sorted durations in nanoseconds. */
    private static List<Long> idlePasses(Collector collector) throws Exception {
        List<Long> took = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            PassSummary idle = collector.pass();
            if (idle.rowsRead() != 0) {
                throw new IllegalStateException("not idle: " + idle.line());
            }
            took.add(idle.took().toNanos());
        }
        Collections.sort(took);
        return took;
    }

    private static final class CountingStream extends OutputStream {
        long n;

        @Override
        public void write(int b) {
            n++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            n += len;
        }
    }
}
