package dev.kodo.server;

import static dev.kodo.server.TestServer.ended;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.server.TestServer.Project;
import dev.kodo.server.auth.KeyStore;
import dev.kodo.server.health.RollupJob;
import dev.kodo.server.storage.EmbeddedPostgres;
import dev.kodo.server.storage.LostRunSweeper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two server instances over one database, the second one configured as a user would, with a libpq URL in
 * {@code kodo.server.database-url} (what {@code KODO_DATABASE_URL} sets): a key
 * made on one works on the other, runs sent to either count once, and both instances' jobs may run at once.
 */
@KodoServerTest
class MultiInstanceTest {

    @Autowired
    TestServer first;
    @Autowired
    EmbeddedPostgres database;
    @Autowired
    RollupJob firstRollups;
    @Autowired
    LostRunSweeper firstSweeper;
    @Autowired
    DataSource dataSource;

    @Test
    void twoInstancesOverOneDatabaseAgreeAndShareTheWork() throws Exception {
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(KodoServer.class)
                .run("--server.port=0", "--kodo.server.jobs.enabled=false", "--kodo.server.generate-first-keys=false",
                        "--kodo.server.database-url=postgresql://postgres:" + database.password() + "@localhost:" + database.port()
                                + "/postgres")) {
            TestServer second = new TestServer((WebServerApplicationContext) other, other.getBean(KeyStore.class));
            Project project = first.newProject();
            List<Run> runs = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                runs.add(ended("checkout", Instant.now().minus(5 + i % 50, ChronoUnit.MINUTES), 100 + i, i % 10 == 0 ? "charge_card" : null, "charge_card"));
            }
            first.ingest(project, runs.subList(0, 300));
            second.ingest(project, runs.subList(300, 600));
            second.ingest(project, runs.subList(0, 300));

            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                RollupJob otherRollups = other.getBean(RollupJob.class);
                LostRunSweeper otherSweeper = other.getBean(LostRunSweeper.class);
                for (Future<Integer> done : pool.invokeAll(List.<Callable<Integer>>of(firstRollups::rollUp,
                        otherRollups::rollUp, firstSweeper::sweep, otherSweeper::sweep))) {
                    done.get();
                }
            } finally {
                pool.shutdown();
            }

            JsonNode fromFirst = first.read(project, "/api/v1/health?window=1h");
            JsonNode fromSecond = second.read(project, "/api/v1/health?window=1h");
            assertThat(fromFirst.get("workflows").get(0).get("runs").asLong()).isEqualTo(600);
            assertThat(fromFirst.get("workflows").get(0).get("failed").asLong()).isEqualTo(60);
            assertThat(fromSecond.get("workflows")).isEqualTo(fromFirst.get("workflows"));
        }
    }

    @Test
    void anInstanceRollingUpSkipsMarksAnotherInstanceHoldsInsteadOfWaitingForThem() throws Exception {
        Project project = first.newProject();
        first.ingest(project, List.of(ended("checkout", Instant.now().minus(10, ChronoUnit.MINUTES), 100, null, "charge_card")));
        try (Connection otherInstance = dataSource.getConnection()) {
            // Another instance, half-way through its rollup, has claimed this project's marks.
            otherInstance.setAutoCommit(false);
            try (PreparedStatement ps = otherInstance.prepareStatement(
                    "SELECT count(*) FROM (SELECT 1 FROM rollup_marks WHERE project = ? FOR UPDATE) claimed")) {
                ps.setString(1, project.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("marks of the late run").isPositive();
                }
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                // Waiting for those marks would last as long as the other instance holds them: here, for ever.
                // (The limit only ends the test when that happens; it is no measure of speed.)
                pool.submit(firstRollups::rollUp).get(60, TimeUnit.SECONDS);
            } finally {
                otherInstance.rollback();
                pool.shutdownNow();
            }
        }
        // The other instance gave its claim back (it rolled back): the marks are still there, and rolled up now.
        firstRollups.rollUp();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM rollup_marks WHERE project = ?")) {
            ps.setString(1, project.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }
}
