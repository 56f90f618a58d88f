package dev.kodo.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector as a real child process, as cron or systemd run it: killed with SIGKILL between shipping and
 * saving, and stopped with SIGTERM in watch mode.
 */
class CollectorProcessTest {

    @TempDir
    Path dir;

    TestReceiver receiver;
    Process child;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterEach
    void stop() {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        receiver.close();
    }

    Process kodo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), KodoCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("err.txt").toFile()));
        pb.environment().put("DATABASE_URL", Pg.url());
        pb.environment().put("KODO_ENDPOINT", receiver.endpoint().toString());
        pb.environment().put("KODO_API_KEY", TestReceiver.KEY);
        return pb.start();
    }

    String err() throws Exception {
        File f = dir.resolve("err.txt").toFile();
        return f.exists() ? Files.readString(f.toPath()) : "";
    }

    @Test
    void killedBetweenShippingAndSavingItSendsTheBatchAgainAndEachRunIsCountedOnce() throws Exception {
        String t = Fixture.createTable(Pg.newTable("kill9"));
        IntStream.rangeClosed(1, 12).forEach(i -> Fixture.insert(t, i, i % 4 == 0 ? "failed" : "delivered",
                100 - i, 90 - i));
        Files.writeString(dir.resolve("kodo.yaml"), Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 5", null));
        receiver.hangAfterStoringNextBatch();

        child = kodo("collect", "--once");
        assertThat(receiver.awaitStoredWhileHanging(60)).as("first batch stored").isTrue();
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertThat(receiver.runs()).hasSize(5);
        assertThat(dir.resolve(".kodo-collector-state.json")).as("killed before the server answered").doesNotExist();

        child = kodo("collect", "--once");
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(err()).isZero();
        assertThat(receiver.runs()).hasSize(12);
        assertThat(receiver.idsWithStatus("failed")).containsExactlyInAnyOrder("wh:4", "wh:8", "wh:12");
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(receiver.receipts("wh:" + i)).as("re-sent").isEqualTo(2));
        IntStream.rangeClosed(6, 12).forEach(i -> assertThat(receiver.receipts("wh:" + i)).isEqualTo(1));
        assertThat(Files.readString(dir.resolve(".kodo-collector-state.json"))).contains("\"id\" : \"12\"");
    }

    @Test
    void killedAfterTheServerAnsweredButBeforeTheStateWriteEachRunArrivesAgainAndIsCountedOnce() throws Exception {
        String t = Fixture.createTable(Pg.newTable("kill9_answered"));
        IntStream.rangeClosed(1, 12).forEach(i -> Fixture.insert(t, i, i % 4 == 0 ? "failed" : "delivered",
                100 - i, 90 - i));
        Files.writeString(dir.resolve("kodo.yaml"), Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 5", null));
        // Batch 1 is answered 202; batch 2 is sent only after the collector took in that answer, and is held.
        receiver.hangAfterStoringBatch(2);

        child = kodo("collect", "--once");
        assertThat(receiver.awaitStoredWhileHanging(60)).as("second batch stored").isTrue();
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path state = dir.resolve(".kodo-collector-state.json");
        // The position is written at most once a second: killed within the first second, the answer of batch 1 was
        // acknowledged in memory only; later, the file holds batch 1's position. Never more.
        boolean batchOneSaved = Files.exists(state);
        if (batchOneSaved) {
            assertThat(Files.readString(state)).contains("\"id\" : \"5\"");
        }
        assertThat(receiver.runs()).hasSize(10);

        child = kodo("collect", "--once");
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(err()).isZero();
        assertThat(receiver.runs()).hasSize(12);
        assertThat(receiver.idsWithStatus("failed")).containsExactlyInAnyOrder("wh:4", "wh:8", "wh:12");
        IntStream.rangeClosed(1, 5).forEach(i -> assertThat(receiver.receipts("wh:" + i))
                .as("answered; sent again unless its position was saved (saved: " + batchOneSaved + ")")
                .isEqualTo(batchOneSaved ? 1 : 2));
        IntStream.rangeClosed(6, 10).forEach(i -> assertThat(receiver.receipts("wh:" + i)).as("never answered")
                .isEqualTo(2));
        IntStream.rangeClosed(11, 12).forEach(i -> assertThat(receiver.receipts("wh:" + i)).isEqualTo(1));
        assertThat(Files.readString(state)).contains("\"id\" : \"12\"");
    }

    @Test
    void sigtermInWatchModeDeliversTheBatchInHandSavesItsPositionAndExitsZero() throws Exception {
        String t = Fixture.createTable(Pg.newTable("sigterm"));
        IntStream.rangeClosed(1, 6).forEach(i -> Fixture.insert(t, i, "delivered", 100 - i, 90 - i));
        Files.writeString(dir.resolve("kodo.yaml"), Fixture.yaml(t, "commit_lag: 0s\nbatch_size: 3\n"
                + "poll_interval: 200ms", null));
        receiver.delayAnswers(1500);

        child = kodo("collect");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.requests() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroy(); // SIGTERM while the first batch waits for its answer
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(err()).isZero();
        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2", "wh:3");
        assertThat(Files.readString(dir.resolve(".kodo-collector-state.json"))).contains("\"id\" : \"3\"");
        assertThat(err()).contains("stopped; position saved");
    }

    @Test
    void sigtermWhileAQueryWaitsForALockCutsItAndExitsZeroWithoutWaitingForQueryTimeout() throws Exception {
        String t = Fixture.createTable(Pg.newTable("sigterm_locked"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        Files.writeString(dir.resolve("kodo.yaml"), Fixture.yaml(t, "commit_lag: 0s\nquery_timeout: 10m", null));
        try (Connection locker = Pg.connection(); Statement s = locker.createStatement();
             Connection observer = Pg.connection(); Statement o = observer.createStatement()) {
            locker.setAutoCommit(false);
            s.execute("LOCK TABLE " + t + " IN ACCESS EXCLUSIVE MODE");

            child = kodo("collect");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!waitingForALock(o) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(waitingForALock(o)).as("the collector waits for the lock").isTrue();
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            locker.rollback();
        }

        assertThat(child.exitValue()).as(err()).isZero();
        assertThat(err()).contains("cutting database connections still busy").contains("stopped; position saved")
                .doesNotContain("did not stop within");
        child = kodo("collect", "--once");
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(receiver.runs()).containsOnlyKeys("wh:1");
    }

    private static boolean waitingForALock(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    @Test
    void sigtermWhileIdleInWatchModeExitsZero() throws Exception {
        String t = Fixture.createTable(Pg.newTable("idle"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        Files.writeString(dir.resolve("kodo.yaml"), Fixture.yaml(t, "commit_lag: 0s\npoll_interval: 1h", null));

        child = kodo("collect");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!err().contains("pass 1:") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        child.destroy();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(child.exitValue()).as(err()).isZero();
        assertThat(receiver.runs()).containsOnlyKeys("wh:1");
    }
}
