package dev.kodo.quarkus.deployment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.run.Run;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in Kodo server on loopback: accepts {@code POST /api/v1/runs} with 202, decodes each body with the wire
 * format and keeps it. Start it in the test's own class loader (e.g. a {@code QuarkusUnitTest} before-all
 * customizer), not in the application's.
 * The test class must add this class to its application archive, since its field is declared there.
 */
final class LoopbackReceiver implements AutoCloseable {

    private final HttpServer server;
    private final List<RunBatch> batches = new CopyOnWriteArrayList<>();
    private final Consumer<RunBatch> onBatch;

    private LoopbackReceiver(HttpServer server, Consumer<RunBatch> onBatch) {
        this.server = server;
        this.onBatch = onBatch;
    }

    /** Listens on an ephemeral loopback port; {@code onBatch} sees each batch as it arrives. */
    static LoopbackReceiver start(Consumer<RunBatch> onBatch) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LoopbackReceiver receiver = new LoopbackReceiver(server, onBatch);
            server.createContext(WireFormat.INGEST_PATH, receiver::ingest);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<RunBatch> batches() {
        return List.copyOf(batches);
    }

    List<Run> runs() {
        return batches.stream().flatMap(b -> b.runs().stream()).toList();
    }

    private void ingest(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        DecodedBatch decoded = WireFormat.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        batches.add(decoded.batch());
        onBatch.accept(decoded.batch());
        byte[] body = WireFormat.encode(new IngestResponse(decoded.batch().runs().size(), decoded.rejects()))
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(202, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
