package dev.kodo.server.auth;

import static dev.kodo.server.TestServer.ended;
import static dev.kodo.server.TestServer.sdk;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.KodoServerTest;
import dev.kodo.server.TestServer;
import dev.kodo.server.TestServer.Answer;
import dev.kodo.server.TestServer.Project;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Paths that Spring MVC maps to an API handler are checked as the path they map to: path parameters
 * ({@code ;x}) are ignored by the mapping, so they must not get a request past the key check or past the check of
 * the key's kind.
 */
@KodoServerTest
class ApiKeyFilterTest {

    @Autowired
    TestServer server;

    @Test
    void pathParametersDoNotLetARequestWithoutAKeyThrough() {
        Project project = server.newProject();
        server.ingest(project, List.of(ended("checkout", Instant.now().minusSeconds(60), 10, null)));

        Answer health = server.get(null, "/api;x/v1/health");
        Answer healthAtTheEnd = server.get(null, "/api/v1/health;x");
        Answer ingest = server.post(null, "/api;x/v1/runs", batch(), null);

        assertThat(health.status()).as(health.body()).isEqualTo(401);
        assertThat(health.json().get("error").asString()).contains("missing API key");
        assertThat(healthAtTheEnd.status()).as(healthAtTheEnd.body()).isEqualTo(401);
        assertThat(ingest.status()).as(ingest.body()).isEqualTo(401);
        assertThat(ingest.json().get("error").asString()).contains("ingest key");
        assertThat(server.get(project.readKey(), "/api;x/v1/health").status())
                .as("with a key the same path works: it is the health API").isEqualTo(200);
    }

    @Test
    void pathParametersDoNotLetAReadKeySendRunsNorAnIngestKeyRead() {
        Project project = server.newProject();

        Answer readKeyIngesting = server.post(project.readKey(), "/api/v1/runs;x", batch(), null);
        Answer ingestKeyReading = server.get(project.ingestKey(), "/api/v1;x/health");

        assertThat(readKeyIngesting.status()).as(readKeyIngesting.body()).isEqualTo(401);
        assertThat(readKeyIngesting.json().get("error").asString()).contains("sending runs needs an ingest key");
        assertThat(ingestKeyReading.status()).as(ingestKeyReading.body()).isEqualTo(401);
        assertThat(server.read(project, "/api/v1/health").get("hasRuns").asBoolean()).as("nothing stored").isFalse();
        assertThat(server.post(project.ingestKey(), "/api/v1/runs;x", batch(), null).status())
                .as("with an ingest key the same path is the ingest API").isEqualTo(202);
    }

    private static byte[] batch() {
        return WireFormat.encode(RunBatch.of(sdk(0), List.of(ended("checkout", Instant.now().minusSeconds(60), 10, null))))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noOtherSpellingOfAnApiPathAnswersWithoutAKey() {
        Project project = server.newProject();
        server.ingest(project, List.of(ended("checkout", Instant.now().minusSeconds(60), 10, null)));

        for (String path : List.of("//api/v1/health", "/api//v1/health", "/./api/v1/health", "/x/../api/v1/health",
                "/%61pi/v1/health", "/api/v1/health/", "/api/v1/health;jsessionid=1", "/api/v1/me%3Bx")) {
            Answer answer = server.get(null, path);
            assertThat(answer.status()).as(path + " -> " + answer.body()).isIn(400, 401, 404);
        }
    }
}
