package dev.kodo.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kodo.core.run.RunStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    private static final String PRODUCT_PAGE = """
            # kodo.yaml
            processes:
              - name: webhook-delivery
                source: postgres
                connection: ${DATABASE_URL}   # resolved from your env, locally
                table: webhook_deliveries
                id: id
                status: status
                status_map: { delivered: ok, failed: failed, pending: running }
                started_at: created_at
                completed_at: updated_at       # optional — used for duration
            """;

    private final ConfigLoader loader = new ConfigLoader(Map.of("DATABASE_URL",
            "postgres://kodo:s3cret@db.internal:5433/app"));

    @Test
    void readsTheProductPagesFormatAsWritten() throws Exception {
        CollectorConfig config = loader.parse(Path.of("kodo.yaml"), PRODUCT_PAGE);

        ProcessConfig p = config.processes().get(0);
        assertThat(p.name()).isEqualTo("webhook-delivery");
        assertThat(p.kind()).isEqualTo(SourceKind.POSTGRES);
        assertThat(p.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5433/app");
        assertThat(p.connection().properties()).containsEntry("user", "kodo").containsEntry("password", "s3cret");
        assertThat(p.table()).isEqualTo("webhook_deliveries");
        assertThat(p.statusMap().lookup("delivered")).isEqualTo(RunStatus.OK);
        assertThat(p.statusMap().lookup("pending")).isEqualTo(RunStatus.RUNNING);
        assertThat(p.startedAt()).isEqualTo("created_at");
        assertThat(p.completedAt()).isEqualTo("updated_at");
        assertThat(p.cursor()).as("cursor defaults to completed_at").isEqualTo("updated_at");
        assertThat(p.runSource()).isEqualTo("table:webhook_deliveries");
        assertThat(p.locationOf("table")).isEqualTo(new Location("kodo.yaml", 6, 12));
    }

    @Test
    void appliesDefaultsWhereTheFileIsSilent() throws Exception {
        CollectorConfig config = loader.parse(Path.of("kodo.yaml"), PRODUCT_PAGE.replace("    completed_at: updated_at"
                + "       # optional — used for duration\n", ""));

        assertThat(config.endpoint()).isEqualTo(URI.create("http://localhost:7700"));
        assertThat(config.apiKey()).isNull();
        assertThat(config.service()).isEqualTo("kodo-collector");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.commitLag()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.maxPending()).isEqualTo(10_000);
        assertThat(config.processes().get(0).cursor()).as("without completed_at, the cursor is started_at")
                .isEqualTo("created_at");
    }

    @Test
    void endpointAndKeyComeFromTheEnvironmentWhenTheFileHasNone() throws Exception {
        ConfigLoader withEnv = new ConfigLoader(Map.of("DATABASE_URL", "postgres://h/db", "KODO_ENDPOINT",
                "https://kodo.example:8443", "KODO_API_KEY", "k-123"));

        CollectorConfig config = withEnv.parse(Path.of("kodo.yaml"), PRODUCT_PAGE);
        CollectorConfig explicit = withEnv.parse(Path.of("kodo.yaml"), "endpoint: http://127.0.0.1:9000\n"
                + "api_key: ${MY_KEY:-fallback-key}\n" + PRODUCT_PAGE);

        assertThat(config.endpoint()).isEqualTo(URI.create("https://kodo.example:8443"));
        assertThat(config.apiKey()).isEqualTo("k-123");
        assertThat(explicit.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(explicit.apiKey()).isEqualTo("fallback-key");
        assertThat(explicit.toString()).doesNotContain("fallback-key");
    }

    @Test
    void variablesResolveWithShellDefaults() {
        Variables v = new Variables(Map.of("SET", "x", "EMPTY", ""));
        List<String> unresolved = new java.util.ArrayList<>();

        assertThat(v.resolve("${SET}-${EMPTY:-d}-${UNSET:-u}-${SET:-no}", unresolved::add)).isEqualTo("x-d-u-x");
        assertThat(v.resolve("a${UNSET}b", unresolved::add)).isEqualTo("a${UNSET}b");
        assertThat(unresolved).containsExactly("UNSET");
    }

    @Test
    void readsEveryOptionalField() throws Exception {
        CollectorConfig config = loader.parse(Path.of("kodo.yaml"), """
                endpoint: http://localhost:7700
                service: billing-collector
                environment: production
                poll_interval: 30s
                commit_lag: 10s
                batch_size: 500
                max_pending: 2000
                processes:
                  - name: invoices
                    source: mysql
                    connection: mysql://kodo:pw@db:3306/billing
                    table: billing.invoice_jobs
                    id: job_id
                    status: state
                    status_map: { "2": ok, "3": failed }
                    started_at: enqueued_at
                    completed_at: finished_at
                    cursor: updated_at
                    error: last_error
                    step: stage
                    attributes: [customer_id, region]
                    stuck_after: 45m
                    timezone: Europe/Berlin
                """);

        ProcessConfig p = config.processes().get(0);
        assertThat(config.service()).isEqualTo("billing-collector");
        assertThat(config.environment()).isEqualTo("production");
        assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.batchSize()).isEqualTo(500);
        assertThat(p.kind()).isEqualTo(SourceKind.MYSQL);
        assertThat(p.connection().jdbcUrl()).isEqualTo("jdbc:mariadb://db:3306/billing");
        assertThat(p.cursor()).isEqualTo("updated_at");
        assertThat(p.statusMap().lookup("2")).isEqualTo(RunStatus.OK);
        assertThat(p.statusMap().lookup("done")).as("defaults still apply").isEqualTo(RunStatus.OK);
        assertThat(p.attributes()).containsExactly("customer_id", "region");
        assertThat(p.stuckAfter()).isEqualTo(Duration.ofMinutes(45));
        assertThat(p.timezone().getId()).isEqualTo("Europe/Berlin");
        assertThat(p.columns()).containsExactly("job_id", "state", "enqueued_at", "updated_at", "finished_at",
                "last_error", "stage", "customer_id", "region");
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() {
        assertThatThrownBy(() -> loader.parse(Path.of("kodo.yaml"), """
                processes:
                  - name: a
                    source: postgres
                    connection: ${DATABASE_URL}
                    tabel: t
                    id: id
                    status: status
                    status_map: { done: finished }
                    started_at: created_at
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kodo.yaml has 3 problems")
                .hasMessageContaining("kodo.yaml:5:5: processes[0].tabel: unknown key")
                .hasMessageContaining("kodo.yaml:2:5: processes[0].table: missing required field")
                .hasMessageContaining("kodo.yaml:8:25: processes[0].status_map.done: must be ok, failed or running");
    }

    static Stream<Path> badFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(ConfigLoaderTest.class.getResource("/bad-kodo-yaml").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList().stream();
        }
    }

    /** Each file of the corpus states on its first line where the problem is and what the message says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadFileIsReportedWithFileLineColumnFieldAndFix(Path file) throws IOException {
        String first = Files.readAllLines(file).get(0);
        assertThat(first).startsWith("# expect: ");
        String expected = first.substring("# expect: ".length());
        String lineColumn = expected.substring(0, expected.indexOf(' '));
        String rest = expected.substring(expected.indexOf(' ') + 1);

        assertThatThrownBy(() -> loader.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":" + lineColumn + ": " + rest)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theReadmesExampleIsAValidFile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));

        CollectorConfig config = new ConfigLoader(Map.of("DATABASE_URL", "postgres://u:p@h/db", "KODO_API_KEY",
                "k")).parse(Path.of("README.md"), yaml);

        ProcessConfig p = config.processes().get(0);
        assertThat(config.apiKey()).isEqualTo("k");
        assertThat(p.columns()).contains("last_error", "stage", "customer_id", "url");
        assertThat(p.stuckAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aMissingFileSaysHowToPointToOne() {
        assertThatThrownBy(() -> loader.load(Path.of("does/not/exist.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does/not/exist.yaml not found").hasMessageContaining("--config PATH");
    }
}
