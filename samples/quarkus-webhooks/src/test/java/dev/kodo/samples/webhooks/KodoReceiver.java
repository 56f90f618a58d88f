package dev.kodo.samples.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in Kodo server on loopback: takes {@code POST /api/v1/runs} as the real one does and keeps what it was
 * sent. Also serves {@code /down}, a subscriber that always answers 503.
 */
final class KodoReceiver implements AutoCloseable {

    /** One request: its {@code Authorization} header and the decoded body. */
    record Received(String authorization, DecodedBatch body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private KodoReceiver(HttpServer server) {
        this.server = server;
    }

    static KodoReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        KodoReceiver receiver = new KodoReceiver(server);
        server.createContext(WireFormat.INGEST_PATH, receiver::ingest);
        server.createContext("/down", exchange -> respond(exchange, 503, "down for maintenance"));
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The first ended run matching {@code filter}, waiting up to {@code timeout} for the reporter to send it. */
    Run awaitEndedRun(Predicate<Run> filter, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Run> run = received.stream().flatMap(r -> r.body().batch().runs().stream())
                    .filter(r -> r.status() != RunStatus.RUNNING).filter(filter).findFirst();
            if (run.isPresent()) {
                return run.get();
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no ended run matching the filter arrived within " + timeout + "; received: "
                + received);
    }

    private void ingest(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, WireFormat.encodeError("use POST", null));
            return;
        }
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        DecodedBatch batch = WireFormat.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        received.add(new Received(exchange.getRequestHeaders().getFirst("Authorization"), batch));
        respond(exchange, 202, WireFormat.encode(new IngestResponse(batch.batch().runs().size(), batch.rejects())));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
