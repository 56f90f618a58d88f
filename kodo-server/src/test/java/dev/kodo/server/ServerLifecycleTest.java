package dev.kodo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.Run;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.server.auth.ApiKey;
import dev.kodo.server.auth.KeyStore;
import dev.kodo.server.health.HealthService;
import dev.kodo.server.storage.EmbeddedPostgres;
import dev.kodo.server.storage.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** What {@code java -jar kodo-server.jar} does on a fresh machine and on the next start, over the embedded database. */
@ExtendWith(OutputCaptureExtension.class)
class ServerLifecycleTest {

    private static final Pattern KEY = Pattern.compile("(kodo_[ir]k_[0-9A-Za-z]{32})");

    private final Path dataDirectory = Path.of("target", "lifecycle-postgres", UUID.randomUUID().toString()).toAbsolutePath();

    @Test
    void firstStartPrintsAKeyOfEachKindOnceKeepsOnlyHashesAndTheDataSurvivesARestart(CapturedOutput output) throws Exception {
        String runId = TestServer.newId();
        List<String> printed;
        try (ConfigurableApplicationContext first = start()) {
            printed = keysIn(output.getOut());
            assertThat(printed).hasSize(2);
            KeyStore keys = first.getBean(KeyStore.class);
            assertThat(keys.find(printed.get(0))).contains(new ApiKey("default", ApiKey.Kind.INGEST));
            assertThat(keys.find(printed.get(1))).contains(new ApiKey("default", ApiKey.Kind.READ));
            List<String> stored = first.getBean(JdbcTemplate.class).queryForList("SELECT key_hash FROM api_keys", String.class);
            assertThat(stored).containsExactlyInAnyOrder(ApiKey.hash(printed.get(0)), ApiKey.hash(printed.get(1)))
                    .doesNotContainAnyElementsOf(printed);
            Run run = TestServer.ended("checkout", Instant.now().minusSeconds(90), 120, null, "charge_card");
            run = new Run(runId, run.workflow(), run.status(), run.startedAt(), run.endedAt(), null, null, run.steps(),
                    null, null, null, null, null);
            first.getBean(RunStore.class).store("default", RunBatch.of(TestServer.sdk(0), List.of(run)));
            assertThat(first.getBean(EmbeddedPostgres.class).dataDirectory()).isEqualTo(dataDirectory);
        }
        assertThat(output.getOut()).contains("Kodo stores its data in the embedded PostgreSQL at " + dataDirectory);

        int before = output.getOut().length();
        try (ConfigurableApplicationContext second = start()) {
            assertThat(keysIn(output.getOut().substring(before))).as("keys are printed only once").isEmpty();
            assertThat(second.getBean(KeyStore.class).find(printed.get(0))).isPresent();
            assertThat(second.getBean(HealthService.class).run("default", runId)).isPresent();
        }
    }

    @Test
    void keysCommandCreatesListsAndRevokesKeysWhileTheServerRuns() {
        try (ConfigurableApplicationContext server = start()) {
            String[] location = {"--kodo.server.home=target/kodo-home",
                    "--kodo.server.embedded-database.data-directory=" + dataDirectory};

            Result created = keys("create", "--project", "billing", "--kind", "read", "--name", "ci", location[0], location[1]);

            assertThat(created.code).as(created.err).isZero();
            String key = created.out.trim();
            assertThat(key).startsWith("kodo_rk_");
            assertThat(created.err).contains("shown only now");
            assertThat(server.getBean(KeyStore.class).find(key)).contains(new ApiKey("billing", ApiKey.Kind.READ));
            Result listed = keys("list", location[0], location[1]);
            assertThat(listed.out).contains("billing").contains("read").contains("ci").doesNotContain(key);
            String id = ApiKey.hash(key).substring(0, 12);
            assertThat(keys("revoke", id, location[0], location[1]).code).isZero();
            assertThat(server.getBean(JdbcTemplate.class).queryForObject(
                    "SELECT count(*) FROM api_keys WHERE project = 'billing'", Long.class)).isZero();
            Result wrongKind = keys("create", "--project", "billing", "--kind", "admin");
            assertThat(wrongKind.code).isEqualTo(2);
            assertThat(wrongKind.err).contains("kind must be ingest or read");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(KodoServer.class).web(WebApplicationType.NONE)
                .properties("kodo.server.home=target/kodo-home",
                        "kodo.server.embedded-database.data-directory=" + dataDirectory,
                        "kodo.server.embedded-database.settings.fsync=off",
                        "kodo.server.jobs.enabled=false")
                .run();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result keys(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "keys";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = KeysCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<String> keysIn(String text) {
        Matcher m = KEY.matcher(text);
        List<String> keys = new java.util.ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
