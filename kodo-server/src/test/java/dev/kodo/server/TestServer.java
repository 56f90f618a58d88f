package dev.kodo.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.auth.ApiKey;
import dev.kodo.server.auth.KeyStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Talks to the server under test over real HTTP, and makes projects, keys and runs for tests. */
@TestComponent
public class TestServer {

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    private final WebServerApplicationContext context;
    private final KeyStore keys;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(WebServerApplicationContext context, KeyStore keys) {
        this.context = context;
        this.keys = keys;
    }

    /** A project of its own for one test, with an ingest key and a read key. */
    public record Project(String name, String ingestKey, String readKey) {
    }

    public Project newProject() {
        String name = "t" + PROJECTS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Project(name, keys.create(name, ApiKey.Kind.INGEST, "test"), keys.create(name, ApiKey.Kind.READ, "test"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + context.getWebServer().getPort();
    }

    /** An HTTP answer: status, body and headers. */
    public record Answer(int status, String body, Map<String, List<String>> headers) {
        public JsonNode json() {
            return new ObjectMapper().readTree(body);
        }
    }

    public Answer post(String key, String body) {
        return post(key, body.getBytes(StandardCharsets.UTF_8), false);
    }

    public Answer post(String key, byte[] body, boolean gzip) {
        return post(key, WireFormat.INGEST_PATH, gzip ? gzip(body) : body, gzip ? "gzip" : null);
    }

    /** POSTs {@code body} as it is to {@code path}, with {@code contentEncoding} if not {@code null}. */
    public Answer post(String key, String path, byte[] body, String contentEncoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return send(request.build());
    }

    /** Sends runs and expects them all accepted. */
    public void ingest(Project project, Resource resource, List<Run> runs, List<String> inflight) {
        for (int from = 0; from < Math.max(1, runs.size()); from += 100) {
            List<Run> part = runs.subList(from, Math.min(runs.size(), from + 100));
            Answer answer = post(project.ingestKey(), WireFormat.encode(new RunBatch(resource, part, inflight)));
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("rejected")).as(answer.body()).isEmpty();
        }
    }

    public void ingest(Project project, List<Run> runs) {
        ingest(project, sdk(0), runs, null);
    }

    public Answer get(String key, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** GETs with the project's read key and expects 200. */
    public JsonNode read(Project project, String path) {
        Answer answer = get(project.readKey(), path);
        assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
        return answer.json();
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ run factories

    /** An SDK sender with a fresh instance id; {@code heartbeatMs} 0 for none. */
    public static Resource sdk(long heartbeatMs) {
        return new Resource("test-service", "test", "localhost", UUID.randomUUID().toString(), "kodo-java/test", heartbeatMs);
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** An ended run whose steps each take a quarter of it; a failed run fails at {@code failedStep}. */
    public static Run ended(String workflow, Instant endedAt, double durationMs, String failedStep, String... stepNames) {
        Instant startedAt = endedAt.minusNanos((long) (durationMs * 1e6));
        List<Step> steps = new ArrayList<>();
        long stepNanos = (long) (durationMs * 1e6 / Math.max(1, stepNames.length));
        for (int i = 0; i < stepNames.length; i++) {
            boolean failed = stepNames[i].equals(failedStep);
            steps.add(new Step(stepNames[i], failed ? StepStatus.FAILED : StepStatus.OK,
                    startedAt.plusNanos(i * stepNanos), stepNanos, null,
                    failed ? new ErrorInfo("com.example.StepException", "boom in " + stepNames[i]) : null));
            if (failed) {
                break;
            }
        }
        ErrorInfo error = failedStep == null ? null : new ErrorInfo("com.example.StepException", "boom in " + failedStep);
        return new Run(newId(), workflow, failedStep == null ? RunStatus.OK : RunStatus.FAILED, startedAt, endedAt,
                failedStep, error, steps, Map.of("order.id", "A-1"), Run.SOURCE_SDK, null, null, null);
    }

    public static Run running(String id, String workflow, Instant startedAt, String source, Duration stuckAfter) {
        return new Run(id, workflow, RunStatus.RUNNING, startedAt, null, null, null, List.of(), Map.of(), source,
                null, null, stuckAfter);
    }

    public static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
