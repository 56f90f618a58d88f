package dev.kodo.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the parts of the demo and stops them in reverse order: kodo-server on its embedded PostgreSQL, the Spring
 * checkout sample, the Quarkus webhooks sample, a {@code webhook_deliveries} table and a collector reading it.
 * Everything lives under {@link Settings#home()}: the server's data, the keys, the logs. Every start begins from
 * empty data (the server's runs, the table, the collector's position belong together); only the keys are kept.
 */
final class DemoStack implements AutoCloseable {

    /**
     * What to start, and how.
     *
     * @param root             the repository's root directory (where the jars are built)
     * @param home             where the demo keeps its state and logs
     * @param serverPort       kodo-server's port
     * @param checkoutPort     the Spring sample's port
     * @param webhooksPort     the Quarkus sample's port, or 0 to leave it out
     * @param checkoutSettings extra {@code --key=value} arguments for the Spring sample
     * @param tableStuckAfter  stuck-after of the collector's process
     * @param insertEvery      how often a webhook_deliveries row is added
     * @param settleAfter      how long a webhook_deliveries row stays pending before it is settled
     */
    record Settings(Path root, Path home, int serverPort, int checkoutPort, int webhooksPort,
                    List<String> checkoutSettings, Duration tableStuckAfter, Duration insertEvery,
                    Duration settleAfter) {
    }

    private final Settings settings;
    private final DemoKeys keys;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private boolean closed;

    /** A stack with nothing started yet; {@link #start} starts it, {@link #close} stops what has started. */
    DemoStack(Settings settings) {
        this.settings = settings;
        this.keys = DemoKeys.loadOrCreate(settings.home());
    }

    /** Starts everything; on failure stops what was started and throws. */
    static DemoStack start(Settings settings, java.util.function.Consumer<String> progress) {
        DemoStack stack = new DemoStack(settings);
        stack.start(progress);
        return stack;
    }

    /**
     * Starts everything; on failure stops what was started and throws. {@link #close()} may be called meanwhile
     * from another thread (Ctrl-C): it stops what has started, and this method stops at its next part.
     */
    void start(java.util.function.Consumer<String> progress) {
        try {
            startAll(progress);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Keeps a part that has just started, to stop it on {@link #close()}; stops it at once if that already ran. */
    private synchronized <T extends AutoCloseable> T started(T part) {
        if (closed) {
            try {
                part.close();
            } catch (Exception e) {
                System.err.println("demo: stopping a part failed: " + e);
            }
            throw new DemoException("stopped while starting");
        }
        started.push(part);
        return part;
    }

    private void startAll(java.util.function.Consumer<String> progress) {
        Path logs = settings.home().resolve("logs");
        String endpoint = serverUri().toString();

        assertFree(settings.serverPort(), "kodo-server", "--server-port");
        assertFree(settings.checkoutPort(), "the Spring checkout sample", "--checkout-port");
        if (settings.webhooksPort() > 0) {
            assertFree(settings.webhooksPort(), "the Quarkus webhooks sample", "--webhooks-port");
        }

        // The webhook table and the collector's position start afresh every run (below); the server's runs must
        // too, or the new rows' ids (1, 2, ...) would meet the old, final runs of the same ids and be ignored.
        Path serverData = settings.home().resolve("server").resolve("postgres");
        if (forgetServerData(serverData)) {
            progress.accept("starting from empty data: removed the previous demo run's runs in " + serverData
                    + " (the keys in " + settings.home().resolve("keys.properties") + " are kept)");
        }
        progress.accept("starting kodo-server on " + endpoint + " (embedded PostgreSQL under "
                + settings.home().resolve("server") + ")");
        ChildProcess server = ChildProcess.startJar("kodo-server",
                settings.root().resolve("kodo-server/target/kodo-server.jar"), List.of("-Xmx512m"),
                List.of("--server.port=" + settings.serverPort(), "--server.address=127.0.0.1",
                        "--kodo.server.home=" + settings.home().resolve("server"),
                        "--kodo.server.generate-first-keys=false"),
                // The keys travel in the environment, not on the command line that `ps` shows. (Spring binds a
                // list from one source only, so every field of the entries is given there.)
                Map.of("KODO_SERVER_KEYS_0_PROJECT", "default", "KODO_SERVER_KEYS_0_KIND", "ingest",
                        "KODO_SERVER_KEYS_0_VALUE", keys.ingest(),
                        "KODO_SERVER_KEYS_1_PROJECT", "default", "KODO_SERVER_KEYS_1_KIND", "read",
                        "KODO_SERVER_KEYS_1_VALUE", keys.read()), logs);
        started(server);
        server.awaitHttp(serverUri().resolve("/api/v1/me"), keys.read(), Duration.ofMinutes(3));

        Map<String, String> reporting = Map.of("KODO_API_KEY", keys.ingest(), "KODO_ENDPOINT", endpoint);

        progress.accept("starting the Spring Boot checkout sample on " + checkoutUri());
        List<String> checkoutArgs = new ArrayList<>(List.of("--server.port=" + settings.checkoutPort(),
                "--server.address=127.0.0.1", "--kodo.endpoint=" + endpoint));
        checkoutArgs.addAll(settings.checkoutSettings());
        ChildProcess checkout = ChildProcess.startJar("checkout-sample", settings.root().resolve(
                "samples/spring-boot-checkout/target/kodo-sample-spring-boot-checkout-0.1.0-SNAPSHOT.jar"),
                List.of("-Xmx256m"), checkoutArgs, reporting, logs);
        started(checkout);

        ChildProcess webhooks = null;
        if (settings.webhooksPort() > 0) {
            progress.accept("starting the Quarkus webhooks sample on " + webhooksUri());
            webhooks = ChildProcess.startJar("webhooks-sample",
                    settings.root().resolve("samples/quarkus-webhooks/target/quarkus-app/quarkus-run.jar"),
                    List.of("-Xmx256m", "-Dquarkus.http.port=" + settings.webhooksPort()), List.of(), reporting,
                    logs);
            started(webhooks);
        }

        progress.accept("creating webhook_deliveries in a new embedded PostgreSQL");
        WebhookTable table = WebhookTable.create(settings.home().resolve("webhooks-db"));
        started(table);
        table.startWriting(settings.insertEvery(), settings.settleAfter());

        progress.accept("starting kodo collect over webhook_deliveries");
        Path collectorDir = settings.home().resolve("collector");
        Path config = writeCollectorConfig(collectorDir);
        Map<String, String> collectorEnv = new java.util.HashMap<>(reporting);
        collectorEnv.put("DEMO_DATABASE_URL", table.jdbcUrl());
        ChildProcess collector = ChildProcess.startJar("collector",
                settings.root().resolve("kodo-collector/target/kodo-collector.jar"), List.of("-Xmx128m"),
                List.of("collect", "--config", config.toString()), collectorEnv, logs);
        started(collector);

        checkout.awaitHttp(checkoutUri().resolve("/actuator/health"), null, Duration.ofMinutes(2));
        if (webhooks != null) {
            webhooks.awaitHttp(webhooksUri().resolve("/webhooks/deliveries"), null, Duration.ofMinutes(2));
        }
        collector.assertAlive();
    }

    /** The collector's kodo.yaml: the product page's format, the connection string resolved from the environment. */
    private Path writeCollectorConfig(Path dir) {
        String yaml = """
                # Written by the Kodo demo. The connection string comes from DEMO_DATABASE_URL, the key and the
                # endpoint from KODO_API_KEY and KODO_ENDPOINT.
                service: demo-collector
                poll_interval: 2s
                commit_lag: 1s
                processes:
                  - name: partner-webhooks
                    source: postgres
                    connection: ${DEMO_DATABASE_URL}
                    table: webhook_deliveries
                    id: id
                    status: status
                    status_map: { delivered: ok, dead: failed, pending: running }
                    started_at: created_at
                    completed_at: updated_at
                    error: last_error
                    step: stage
                    attributes: [event]
                    stuck_after: %s
                """.formatted(settings.tableStuckAfter().toSeconds() + "s");
        try {
            Files.createDirectories(dir);
            // A fresh table every run: the previous run's cursor would skip its rows.
            Files.deleteIfExists(dir.resolve(".kodo-collector-state.json"));
            Path file = dir.resolve("kodo.yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new DemoException("cannot write the collector's configuration in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the demo server's database (and its password file beside it), if there is one.
     *
     * @return {@code true} when there was one
     * @throws DemoException when a PostgreSQL still runs on it (left by a demo that was killed)
     */
    static boolean forgetServerData(Path dataDirectory) {
        Path passwordFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".password");
        if (!Files.exists(dataDirectory) && !Files.exists(passwordFile)) {
            return false;
        }
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile);
                Long pid = lines.isEmpty() ? null : parsePid(lines.get(0));
                if (pid != null && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(p -> p.info().command()
                        .map(c -> c.endsWith("postgres")).orElse(false)).isPresent()) {
                    throw new DemoException("a PostgreSQL (pid " + pid + ") left running by an earlier demo still "
                            + "uses " + dataDirectory + ". Stop it (kill " + pid + ") and start the demo again.");
                }
            }
            if (Files.exists(dataDirectory)) {
                try (Stream<Path> all = Files.walk(dataDirectory)) {
                    for (Path file : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.deleteIfExists(passwordFile);
            return true;
        } catch (IOException e) {
            throw new DemoException("cannot remove the previous demo run's data in " + dataDirectory + ": "
                    + e.getMessage() + ". Remove that directory by hand and start the demo again.", e);
        }
    }

    private static Long parsePid(String line) {
        try {
            return Long.parseLong(line.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void assertFree(int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new DemoException("port " + port + " for " + what + " is in use. Stop what uses it, or choose "
                    + "another port with " + option + "=PORT");
        }
    }

    URI serverUri() {
        return URI.create("http://127.0.0.1:" + settings.serverPort());
    }

    URI checkoutUri() {
        return URI.create("http://127.0.0.1:" + settings.checkoutPort());
    }

    URI webhooksUri() {
        return URI.create("http://127.0.0.1:" + settings.webhooksPort());
    }

    DemoKeys keys() {
        return keys;
    }

    Path logs() {
        return settings.home().resolve("logs");
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("demo: stopping a part failed: " + e);
            }
        }
    }
}
