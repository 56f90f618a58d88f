package dev.kodo.collector.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.config.ConfigLoader;
import dev.kodo.collector.config.ProcessConfig;
import dev.kodo.collector.source.Position;
import dev.kodo.collector.source.TableSource.Scan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

    @TempDir
    Path dir;

    ProcessConfig process(String table) throws Exception {
        return process(table, "created_at", "UTC");
    }

    ProcessConfig process(String table, String startedAt, String timezone) throws Exception {
        CollectorConfig config = new ConfigLoader(Map.of()).parse(dir.resolve("kodo.yaml"), """
                processes:
                  - name: jobs
                    source: postgres
                    connection: postgres://kodo:pw@db:5432/app
                    table: %s
                    id: id
                    status: status
                    started_at: %s
                    timezone: %s
                """.formatted(table, startedAt, timezone));
        return config.processes().get(0);
    }

    @Test
    void positionsAndPendingRowsSurviveARestart() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        Instant at = Instant.parse("2025-01-01T10:00:00.123456Z");
        try (StateStore store = StateStore.open(file, true)) {
            ProcessState s = store.process(process("jobs"), false);
            s.advance(Scan.CURSOR, new Position(at, "42"));
            s.addPending("41", at.minusSeconds(5), 10);
            store.save();
        }

        try (StateStore store = StateStore.open(file, true)) {
            ProcessState s = store.process(process("jobs"), false);
            assertThat(s.position(Scan.CURSOR)).isEqualTo(new Position(at, "42"));
            assertThat(s.pending()).containsEntry("41", at.minusSeconds(5));
        }
        assertThat(Files.readString(file)).contains("\"database\" : \"db:5432/app\"").doesNotContain("pw");
        assertThat(dir.resolve(StateStore.DEFAULT_FILE_NAME + ".tmp")).doesNotExist();
    }

    @Test
    void aSecondCollectorOnTheSameStateFileIsRefused() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        try (StateStore first = StateStore.open(file, true)) {
            assertThatThrownBy(() -> StateStore.open(file, true)).isInstanceOf(StateException.class)
                    .hasMessageContaining("another `kodo collect` is using").hasMessageContaining("--state PATH");
            StateStore.open(file, false).close(); // --dry-run and validate only read
        }
    }

    @Test
    void theOldestPendingRowMakesRoomWhenTheSetIsFull() throws Exception {
        try (StateStore store = StateStore.open(dir.resolve("s.json"), true)) {
            ProcessState s = store.process(process("jobs"), false);
            Instant t = Instant.parse("2025-01-01T00:00:00Z");
            assertThat(s.addPending("a", t, 2)).isNull();
            assertThat(s.addPending("b", t, 2)).isNull();
            assertThat(s.addPending("c", t, 2)).isEqualTo("a");
            assertThat(s.pending()).containsOnlyKeys("b", "c");
        }
    }

    @Test
    void aDamagedFileIsExplainedWithWhatToDo() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        Files.writeString(file, "{\"version\": 1, \"processes\": {\"jobs\": {\"mapping\": 7");

        assertThatThrownBy(() -> StateStore.open(file, true)).isInstanceOf(StateException.class)
                .hasMessageContaining("cannot read " + file).hasMessageContaining("move it away");
        StateStore.open(file.resolveSibling("other.json"), true).close(); // the lock of the failed open was released
    }

    @Test
    void aChangedTableIsRefusedUnlessReset() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        try (StateStore store = StateStore.open(file, true)) {
            store.process(process("jobs"), false).advance(Scan.CURSOR, new Position(Instant.EPOCH, "1"));
            store.save();
        }
        try (StateStore store = StateStore.open(file, true)) {
            assertThatThrownBy(() -> store.process(process("job_runs"), false)).isInstanceOf(StateException.class)
                    .hasMessageContaining("table: jobs \u2192 job_runs");
            ProcessState reset = store.process(process("job_runs"), true);
            assertThat(reset.position(Scan.CURSOR)).isNull();
            assertThat(reset.mapping().table()).isEqualTo("job_runs");
        }
    }

    @Test
    void aChangedTimezoneOrStartedAtColumnIsRefusedAndExplained() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        try (StateStore store = StateStore.open(file, true)) {
            store.process(process("jobs"), false).advance(Scan.UNSET, new Position(Instant.EPOCH, "1"));
            store.save();
        }
        try (StateStore store = StateStore.open(file, true)) {
            assertThatThrownBy(() -> store.process(process("jobs", "created_at", "Europe/Paris"), false))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("timezone: UTC \u2192 Europe/Paris (the saved positions were read as "
                            + "local times in UTC)")
                    .hasMessageContaining("--reset jobs");
            assertThatThrownBy(() -> store.process(process("jobs", "enqueued_at", "UTC"), false))
                    .isInstanceOf(StateException.class)
                    .hasMessageContaining("started_at: created_at \u2192 enqueued_at (the position of rows whose "
                            + "cursor is NULL is a created_at value)");
            assertThat(store.process(process("jobs"), false).position(Scan.UNSET)).isNotNull();
        }
    }

    @Test
    void aStateFileWrittenBeforeStartedAtAndTimezoneWereRecordedIsAcceptedAndCompleted() throws Exception {
        Path file = dir.resolve(StateStore.DEFAULT_FILE_NAME);
        Files.writeString(file, """
                {"version": 1, "processes": {"jobs": {"mapping": {"source": "postgres", "database": "db:5432/app",
                 "table": "jobs", "id": "id", "cursor": "created_at"},
                 "positions": {"cursor": {"at": "2025-01-01T00:00:00Z", "id": "7"}}, "pending": []}}}
                """);
        try (StateStore store = StateStore.open(file, true)) {
            assertThat(store.process(process("jobs"), false).position(Scan.CURSOR).id()).isEqualTo("7");
            store.save();
        }
        assertThat(Files.readString(file)).contains("\"started_at\" : \"created_at\"")
                .contains("\"timezone\" : \"UTC\"");
    }
}
