package dev.kodo.spring.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.run.Run;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A real ingest endpoint on loopback for tests: accepts {@code POST /api/v1/runs} like a Kodo server, decodes each
 * body with the wire format, and keeps what arrived. It can answer with another status or hold requests to play a
 * failing or slow server.
 */
public final class LoopbackIngestServer implements AutoCloseable {

    private final HttpServer server;
    private final List<DecodedBatch> batches = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 202;
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private LoopbackIngestServer(HttpServer server) {
        this.server = server;
        server.createContext(WireFormat.INGEST_PATH, this::handle);
        server.start();
    }

    /** A server on an ephemeral port of 127.0.0.1. */
    public static LoopbackIngestServer start() {
        try {
            return new LoopbackIngestServer(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on loopback", e);
        }
    }

    /** The value for {@code kodo.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers every following request with {@code status} and no runs accepted. */
    public void respondWith(int status) {
        this.status = status;
    }

    /** Keeps following requests waiting until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    public void release() {
        hold.countDown();
    }

    /** Forgets what was received. */
    public void clear() {
        batches.clear();
        authorizations.clear();
    }

    /** The {@code Authorization} headers received, in order. */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** Every batch received, in order. */
    public List<DecodedBatch> batches() {
        return List.copyOf(batches);
    }

    /** The latest state of each run received (a run sent as running and later as ended counts once). */
    public List<Run> runs() {
        Map<String, Run> byId = new LinkedHashMap<>();
        for (DecodedBatch batch : batches) {
            for (Run run : batch.batch().runs()) {
                byId.merge(run.id(), run, (old, latest) -> old.status().isTerminal() ? old : latest);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** The ended runs received, waiting up to {@code timeout} for at least {@code count} of them. */
    public List<Run> awaitEndedRuns(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Run> ended = runs().stream().filter(run -> run.status().isTerminal()).toList();
            if (ended.size() >= count || System.nanoTime() > deadline) {
                return ended;
            }
            Thread.sleep(20);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            hold.await(30, TimeUnit.SECONDS);
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body;
            try (InputStream in = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int answer = status;
            String response;
            if (answer == 202) {
                DecodedBatch batch = WireFormat.decode(new String(body, StandardCharsets.UTF_8));
                batches.add(batch);
                response = WireFormat.encode(new IngestResponse(batch.batch().runs().size(), batch.rejects()));
            } else {
                response = WireFormat.encodeError("answered " + answer + " by the test", null);
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
