package dev.kodo.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@code webhook_deliveries} table in a PostgreSQL the demo creates, and a stand-in for the application that
 * writes it: rows start {@code pending} and most turn {@code delivered}, some {@code dead} with an error, and every
 * twentieth never leaves {@code pending} (the collector reports those as stuck).
 */
final class WebhookTable implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-webhook-table");
        t.setDaemon(true);
        return t;
    });

    private WebhookTable(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a fresh database under {@code dir} with an empty table. */
    static WebhookTable create(Path dir) {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.resolve("runtime").toFile())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .start();
            WebhookTable table = new WebhookTable(postgres);
            table.execute("""
                    CREATE TABLE webhook_deliveries (
                        id          bigserial PRIMARY KEY,
                        event       text        NOT NULL,
                        target      text        NOT NULL,
                        status      text        NOT NULL DEFAULT 'pending',
                        stage       text,
                        last_error  text,
                        created_at  timestamptz NOT NULL DEFAULT now(),
                        updated_at  timestamptz NOT NULL DEFAULT now())""");
            return table;
        } catch (IOException e) {
            throw new DemoException("could not start the embedded PostgreSQL for webhook_deliveries under " + dir
                    + ": " + e.getMessage(), e);
        }
    }

    /** The connection string the collector reads the table with (a database on loopback, user postgres). */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?user=postgres";
    }

    /**
     * Starts writing: a new delivery every {@code insertEvery}; a pending delivery is settled once it is
     * {@code settleAfter} old.
     */
    void startWriting(Duration insertEvery, Duration settleAfter) {
        writer.scheduleAtFixedRate(() -> run("""
                INSERT INTO webhook_deliveries (event, target)
                VALUES ((ARRAY['invoice.paid', 'customer.created', 'refund.issued'])[1 + floor(random() * 3)::int],
                        'https://partner.example/hooks')"""), 0, insertEvery.toMillis(), TimeUnit.MILLISECONDS);
        long settleMillis = settleAfter.toMillis();
        writer.scheduleAtFixedRate(() -> run("""
                UPDATE webhook_deliveries
                   SET status = CASE WHEN id % 10 = 3 THEN 'dead' ELSE 'delivered' END,
                       stage = CASE WHEN id % 10 = 3 THEN 'post_to_partner' END,
                       last_error = CASE WHEN id % 10 = 3 THEN 'HTTP 410 Gone from https://partner.example/hooks'
                                    END,
                       updated_at = now()
                 WHERE status = 'pending' AND id % 20 <> 0
                   AND created_at < now() - interval '1 millisecond' * """ + settleMillis),
                settleMillis, Math.max(200, settleMillis / 2), TimeUnit.MILLISECONDS);
    }

    private void run(String sql) {
        try {
            execute(sql);
        } catch (RuntimeException e) {
            System.err.println("demo: writing webhook_deliveries failed: " + e.getMessage());
        }
    }

    private void execute(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new DemoException("webhook_deliveries: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
        try {
            // Let a statement in progress finish before its database goes away.
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("demo: stopping the webhook_deliveries database: " + e.getMessage());
        }
    }
}
