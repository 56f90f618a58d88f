package dev.kodo.core.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.run.Run;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.WireFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP server on loopback that receives {@code POST /api/v1/runs} like kodo-server would: it decodes
 * bodies with the shared wire format and keeps the latest record of each run. Answers can be scripted.
 */
final class IngestReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Request(String authorization, String contentEncoding, byte[] rawBody, String json, DecodedBatch batch,
                   long receivedAtNanos) {
        List<Run> runs() {
            return batch.batch().runs();
        }
    }

    /** A scripted answer. */
    record Answer(int status, String retryAfter, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final Map<String, Run> latest = new LinkedHashMap<>();
    private Answer always;
    private Answer refuseRuns;

    IngestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(WireFormat.INGEST_PATH, this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next answers, in order; after them, 202 (or what {@link #answerAlways} set). */
    synchronized IngestReceiver then(int status, String retryAfter) {
        script.add(new Answer(status, retryAfter, WireFormat.encodeError("scripted " + status, null)));
        return this;
    }

    synchronized IngestReceiver answerAlways(int status) {
        always = new Answer(status, null, WireFormat.encodeError("scripted " + status, null));
        return this;
    }

    /** Answers {@code status} to every request that carries runs; pure heartbeats are still accepted. */
    synchronized IngestReceiver refuseRunsWith(int status) {
        refuseRuns = new Answer(status, null, WireFormat.encodeError("scripted " + status, null));
        return this;
    }

    synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The latest record of every run received, by id. */
    synchronized Map<String, Run> latest() {
        return new LinkedHashMap<>(latest);
    }

    /** Every run record received, in order, including repeats. */
    synchronized List<Run> allRecords() {
        List<Run> all = new ArrayList<>();
        for (Request r : requests) {
            if (r.batch != null) {
                all.addAll(r.runs());
            }
        }
        return all;
    }

    /** Waits until {@code count} distinct final runs were received or the timeout passed. */
    synchronized Map<String, Run> awaitFinal(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (finalCount() < count && System.currentTimeMillis() < deadline) {
            wait(50);
        }
        return latest();
    }

    private int finalCount() {
        int n = 0;
        for (Run r : latest.values()) {
            if (r.status().isTerminal()) {
                n++;
            }
        }
        return n;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            byte[] plain = raw;
            if ("gzip".equals(encoding)) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                    plain = in.readAllBytes();
                }
            }
            String json = new String(plain, StandardCharsets.UTF_8);
            Answer answer;
            DecodedBatch decoded = null;
            synchronized (this) {
                answer = script.isEmpty() ? always : script.poll();
                if (answer == null && refuseRuns != null && !json.contains("\"runs\":[]")) {
                    answer = refuseRuns;
                }
                if (answer == null || answer.status < 300) {
                    decoded = WireFormat.decode(json);
                    for (Run run : decoded.batch().runs()) {
                        Run previous = latest.get(run.id());
                        // Upsert with the monotonic rule: a final record is never replaced by a running one.
                        if (previous == null || !previous.status().isTerminal()) {
                            latest.put(run.id(), run);
                        }
                    }
                }
                requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), encoding, raw, json,
                        decoded, System.nanoTime()));
                notifyAll();
            }
            int status = answer == null ? 202 : answer.status;
            String body = answer == null
                    ? WireFormat.encode(new IngestResponse(decoded.batch().runs().size(), decoded.rejects()))
                    : answer.body;
            if (answer != null && answer.retryAfter != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
