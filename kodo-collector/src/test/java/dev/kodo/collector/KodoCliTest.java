package dev.kodo.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.RunStatus;
import dev.kodo.core.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code kodo} command line in-process: what it prints and the exit codes it documents. */
class KodoCliTest {

    @TempDir
    Path dir;

    TestReceiver receiver;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        env.put("DATABASE_URL", Pg.url());
        env.put("KODO_ENDPOINT", receiver.endpoint().toString());
        env.put("KODO_API_KEY", TestReceiver.KEY);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    int kodo(String... args) {
        return KodoCli.execute(args, new KodoCli.Context(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, new Stopper()));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path yaml(String table, String top) throws Exception {
        Path file = dir.resolve("kodo.yaml");
        Files.writeString(file, Fixture.yaml(table, top, null));
        return file;
    }

    @Test
    void collectOnceShipsAndExitsZeroWithAOneLineSummary() throws Exception {
        String t = Fixture.createTable(Pg.newTable("cli_once"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        Fixture.insert(t, 2, "pending", 20, 10);
        Path config = yaml(t, "commit_lag: 0s");

        assertThat(kodo("collect", "--once", "--config", config.toString())).isEqualTo(ExitCodes.OK);

        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2");
        assertThat(err()).contains("pass 1: 2 rows read, 2 runs shipped, 1 pending, 0 stuck")
                .doesNotContain("secret-pw");
        assertThat(dir.resolve(".kodo-collector-state.json")).exists();
    }

    @Test
    void dryRunPrintsTheRunsItWouldShipAndShipsAndSavesNothing() throws Exception {
        String t = Fixture.createTable(Pg.newTable("cli_dry"));
        Fixture.insert(t, 1, "failed", 20, 10);
        Path config = yaml(t, "commit_lag: 0s");
        env.remove("KODO_API_KEY");

        assertThat(kodo("collect", "--dry-run", "-c", config.toString())).isEqualTo(ExitCodes.OK);

        String line = out().strip();
        assertThat(WireFormat.decodeRun(line).status()).isEqualTo(RunStatus.FAILED);
        assertThat(line).contains("\"id\":\"wh:1\"").contains("\"source\":\"table:" + t + "\"");
        assertThat(receiver.requests()).isZero();
        assertThat(dir.resolve(".kodo-collector-state.json")).doesNotExist();
    }

    @Test
    void validateChecksTheDatabaseAndNamesUnmappedStatusValues() throws Exception {
        String t = Fixture.createTable(Pg.newTable("cli_validate"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        Fixture.insert(t, 2, "parked", 20, 10);
        Path config = yaml(t, null);

        assertThat(kodo("validate", "--config", config.toString())).isEqualTo(ExitCodes.OK);

        assertThat(out()).contains("process wh: postgres://postgres:****@localhost:")
                .contains("rows are read in order of (updated_at, id)").contains("delivered \u2192 ok")
                .contains("state: not read yet").contains("ok");
        assertThat(err()).contains("status value \"parked\" is not mapped");
        assertThat(out() + err()).doesNotContain("secret-pw");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void aPasswordWithUnencodedSlashQuestionMarkAndAtNeverShowsInAnyOutputNorTheStateFile() throws Exception {
        String password = "Pw/x?y@z#q%zz:w";
        String url = "postgres://postgres:" + password + "@localhost:" + Pg.get().getPort() + "/postgres";
        env.put("DATABASE_URL", url);
        String t = Fixture.createTable(Pg.newTable("cli_pw"));
        Fixture.insert(t, 1, "delivered", 20, 10);
        Path config = yaml(t, "commit_lag: 0s");

        assertThat(kodo("validate", "--config", config.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("process wh: postgres://postgres:****@localhost:" + Pg.get().getPort()
                + "/postgres, table " + t);
        assertThat(kodo("collect", "--dry-run", "--config", config.toString())).isEqualTo(ExitCodes.OK);
        assertThat(out()).contains("\"id\":\"wh:1\"");
        assertThat(kodo("collect", "--once", "--config", config.toString())).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(dir.resolve(".kodo-collector-state.json")))
                .contains("localhost:" + Pg.get().getPort() + "/postgres");
        assertThat(kodo("validate", "--config", yaml("no_such_table", null).toString()))
                .isEqualTo(ExitCodes.DATABASE);
        env.put("DATABASE_URL", "postgres://postgres:" + password + "@localhost:1/postgres");
        assertThat(kodo("validate", "--config", config.toString())).isEqualTo(ExitCodes.DATABASE);

        assertThat(err()).contains("does not exist in postgres://postgres:****@localhost:")
                .contains("failed on postgres://postgres:****@localhost:1/postgres");
        for (String text : List.of(out(), err(), Files.readString(dir.resolve(".kodo-collector-state.json")))) {
            assertThat(text).doesNotContain(password).doesNotContain("Pw/x").doesNotContain("#q%zz");
        }
    }

    @Test
    void anInvalidFileExitsWithThree() throws Exception {
        Path config = dir.resolve("kodo.yaml");
        Files.writeString(config, "processes:\n  - name: x\n");

        assertThat(kodo("validate", "--config", config.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(kodo("collect", "--once", "--config", config.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("kodo.yaml:2:5: processes[0].source: missing required field");
    }

    @Test
    void noApiKeyExitsWithThreeAndSaysWhereToSetIt() throws Exception {
        env.remove("KODO_API_KEY");
        Path config = yaml("whatever", null);

        assertThat(kodo("collect", "--once", "--config", config.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("no API key").contains("KODO_API_KEY");
    }

    @Test
    void aMissingTableExitsWithFour() throws Exception {
        Path config = yaml("not_there", "commit_lag: 0s");

        assertThat(kodo("validate", "--config", config.toString())).isEqualTo(ExitCodes.DATABASE);
        assertThat(kodo("collect", "--once", "--config", config.toString())).isEqualTo(ExitCodes.DATABASE);
        assertThat(err()).contains("table \"not_there\"");
    }

    @Test
    void aRefusedKeyExitsWithFive() throws Exception {
        String t = Fixture.createTable(Pg.newTable("cli_key"));
        Fixture.insert(t, 1, "done", 20, 10);
        env.put("KODO_API_KEY", "wrong");

        assertThat(kodo("collect", "--once", "--config", yaml(t, "commit_lag: 0s").toString()))
                .isEqualTo(ExitCodes.SERVER);
        assertThat(err()).contains("the server refused the API key").contains("HTTP 401");
        assertThat(dir.resolve(".kodo-collector-state.json")).doesNotExist();
    }

    @Test
    void aChangedMappingExitsWithThreeUntilTheProcessIsReset() throws Exception {
        String a = Fixture.createTable(Pg.newTable("cli_old"));
        String b = Fixture.createTable(Pg.newTable("cli_new"));
        Fixture.insert(a, 1, "done", 20, 10);
        Fixture.insert(b, 2, "done", 20, 10);
        assertThat(kodo("collect", "--once", "--config", yaml(a, "commit_lag: 0s").toString())).isZero();
        Path changed = yaml(b, "commit_lag: 0s");

        assertThat(kodo("collect", "--once", "--config", changed.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(kodo("validate", "--config", changed.toString())).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("table: " + a + " \u2192 " + b).contains("--reset wh");
        assertThat(kodo("collect", "--once", "--reset", "wh", "--config", changed.toString())).isZero();
        assertThat(kodo("collect", "--once", "--reset", "nope", "--config", changed.toString()))
                .isEqualTo(ExitCodes.CONFIG);

        assertThat(receiver.runs()).containsOnlyKeys("wh:1", "wh:2");
        assertThat(err()).contains("--reset names no process");
    }

    @Test
    void unknownOptionsExitWithTwo() {
        assertThat(kodo("collect", "--sometimes")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpDocumentsTheExitCodesAndShowsVariablesAsWrittenNeverTheirValues() {
        assertThat(kodo("collect", "--help")).isZero();

        assertThat(out()).contains("Exit codes:").contains("--once").contains("--dry-run")
                .contains("connection: ${DATABASE_URL}");
    }
}
