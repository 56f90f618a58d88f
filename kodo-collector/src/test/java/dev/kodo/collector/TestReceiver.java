package dev.kodo.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.run.Run;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.core.wire.WireFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP receiver of {@code POST /api/v1/runs} on loopback, standing in for kodo-server (written in
 * parallel): it checks the key, decodes bodies with {@link WireFormat#decode}, and upserts by run id as the server
 * does (a finished run never goes back to running), so "each run counted once" can be checked.
 */
final class TestReceiver implements AutoCloseable {

    static final String KEY = "test-ingest-key";

    private final HttpServer server;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final Deque<Integer> failures = new ArrayDeque<>();
    /** The number of the stored batch whose answer is withheld (0: none). */
    private volatile int hangAtBatch;
    private volatile long answerDelayMillis;
    private final CountDownLatch stored = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    TestReceiver() throws IOException {
        // As real servers do: without TCP_NODELAY every answer waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(WireFormat.INGEST_PATH, this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code n} requests get {@code status} (with {@code Retry-After: 0} for 429/503) and store nothing. */
    synchronized void failNext(int n, int status) {
        for (int i = 0; i < n; i++) {
            failures.add(status);
        }
    }

    /** Stored batches are answered only after this delay (a slow server). */
    void delayAnswers(long millis) {
        answerDelayMillis = millis;
    }

    /** The next batch is stored, then the answer is withheld until {@link #close()} (a collector killed meanwhile). */
    void hangAfterStoringNextBatch() {
        hangAfterStoringBatch(1);
    }

    /** The {@code n}th batch from now is stored, then its answer is withheld; the ones before it are answered. */
    void hangAfterStoringBatch(int n) {
        hangAtBatch = batches.get() + n;
    }

    /** Waits until a batch was stored while hanging. */
    boolean awaitStoredWhileHanging(long seconds) throws InterruptedException {
        return stored.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The stored runs by id: one entry per run however often it was sent. */
    Map<String, Run> runs() {
        return new LinkedHashMap<>(runs);
    }

    Run run(String id) {
        return runs.get(id);
    }

    /** How often a run id arrived (re-sends count). */
    int receipts(String id) {
        AtomicInteger n = receipts.get(id);
        return n == null ? 0 : n.get();
    }

    int requests() {
        return requests.get();
    }

    /** Batches stored (accepted). */
    int batches() {
        return batches.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            if (!("Bearer " + KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, WireFormat.encodeError("wrong or missing API key", null));
                return;
            }
            Integer failure;
            synchronized (this) {
                failure = failures.poll();
            }
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            if (failure != null) {
                if (failure == 429 || failure == 503) {
                    exchange.getResponseHeaders().add("Retry-After", "0");
                }
                respond(exchange, failure, WireFormat.encodeError("unavailable (test)", null));
                return;
            }
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                    raw = in.readAllBytes();
                }
            }
            DecodedBatch decoded;
            try {
                decoded = WireFormat.decode(new String(raw, StandardCharsets.UTF_8));
            } catch (WireFormatException e) {
                respond(exchange, 400, WireFormat.encodeError(e.getMessage(), null));
                return;
            }
            for (Run run : decoded.batch().runs()) {
                receipts.computeIfAbsent(run.id(), k -> new AtomicInteger()).incrementAndGet();
                runs.merge(run.id(), run, (old, now) -> old.status().isTerminal() ? old : now);
            }
            if (batches.incrementAndGet() == hangAtBatch) {
                stored.countDown();
                released.await();
                return;
            }
            if (answerDelayMillis > 0) {
                Thread.sleep(answerDelayMillis);
            }
            respond(exchange, 202, WireFormat.encode(new IngestResponse(decoded.batch().runs().size(),
                    decoded.rejects())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Ids of stored runs with this status word. */
    List<String> idsWithStatus(String status) {
        List<String> out = new ArrayList<>();
        runs.forEach((id, run) -> {
            if (run.status().wireName().equals(status)) {
                out.add(id);
            }
        });
        return out;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
