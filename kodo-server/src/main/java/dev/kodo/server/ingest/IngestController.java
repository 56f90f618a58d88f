package dev.kodo.server.ingest;

import dev.kodo.core.run.Run;
import dev.kodo.core.wire.DecodedBatch;
import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.RunReject;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.core.wire.WireFormatException;
import dev.kodo.server.KodoServerProperties;
import dev.kodo.server.auth.ApiKeyFilter;
import dev.kodo.server.storage.RunStore;
import dev.kodo.server.storage.Storable;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/runs}, as {@code docs/wire-format.md} describes it: the body (optionally gzip) is read up to
 * {@code kodo.server.ingest.max-body-size} after decompression (413 beyond), validated by
 * {@link WireFormat#decode}: a body that is not a batch gets 400 and nothing is stored; runs that break the
 * format, or that the server cannot store ({@link Storable}), are rejected one by one in the 202 answer, the
 * others stored. 503 with Retry-After only when the server or its database cannot take the batch now.
 */
@RestController
public class IngestController {

    private static final Logger log = LoggerFactory.getLogger(IngestController.class);

    private final RunStore store;
    private final long maxBodyBytes;
    private final Semaphore turns;
    private final long queueTimeoutMillis;

    public IngestController(RunStore store, KodoServerProperties properties) {
        this.store = store;
        KodoServerProperties.Ingest ingest = properties.getIngest();
        this.maxBodyBytes = ingest.getMaxBodySize().toBytes();
        this.turns = new Semaphore(ingest.getMaxConcurrentRequests(), true);
        this.queueTimeoutMillis = ingest.getQueueTimeout().toMillis();
    }

    @PostMapping(path = WireFormat.INGEST_PATH)
    public ResponseEntity<String> ingest(HttpServletRequest request) throws IOException, InterruptedException {
        String project = (String) request.getAttribute(ApiKeyFilter.PROJECT);
        if (project == null) {
            // Only ApiKeyFilter sets it: without it no key was checked, and nothing may be stored.
            return error(HttpStatus.UNAUTHORIZED, "missing API key: send the header \"Authorization: Bearer "
                    + "<ingest key>\"", null);
        }
        if (request.getContentLengthLong() > maxBodyBytes) {
            return tooLarge();
        }
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding " + encoding
                    + " is not supported; send gzip or no Content-Encoding", null);
        }
        if (!turns.tryAcquire(queueTimeoutMillis, TimeUnit.MILLISECONDS)) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(WireFormat.encodeError("the server is busy storing other batches; retry after 1 s", null));
        }
        try {
            byte[] body;
            try (InputStream in = gzip ? new GZIPInputStream(request.getInputStream(), 16 * 1024) : request.getInputStream()) {
                body = readAtMost(in, maxBodyBytes);
            } catch (ZipException | EOFException e) {
                return error(HttpStatus.BAD_REQUEST, gzip ? "the body is not valid gzip (" + e.getMessage()
                        + "); send it uncompressed or as gzip with Content-Encoding: gzip"
                        : "the body ended before its Content-Length", null);
            }
            if (body == null) {
                return tooLarge();
            }
            DecodedBatch decoded;
            try {
                decoded = WireFormat.decode(new String(body, StandardCharsets.UTF_8));
            } catch (WireFormatException e) {
                return error(HttpStatus.BAD_REQUEST, e.getMessage(), fieldOf(e.getMessage()));
            } catch (RuntimeException e) {
                // The wire format let something through that it could not read: still the body's fault, not ours.
                log.warn("Could not read a batch", e);
                return error(HttpStatus.BAD_REQUEST, "the body could not be read as a batch of runs: " + e, null);
            }
            Storable.Problem sender = Storable.problemOf(decoded.batch().resource());
            if (sender != null) {
                return error(HttpStatus.BAD_REQUEST, sender.field() + ": " + sender.message(), sender.field());
            }
            try {
                return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
                        .body(WireFormat.encode(store(project, decoded)));
            } catch (SQLException e) {
                log.warn("Could not store a batch of {} runs: {}", decoded.batch().runs().size(), e.getMessage());
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(WireFormat.encodeError("the database could not store the batch; retry after 5 s", null));
            }
        } finally {
            turns.release();
        }
    }

    /** Stores the decoded runs; the answer rejects, by their place in the body, the runs that could not be read or stored. */
    private IngestResponse store(String project, DecodedBatch decoded) throws SQLException {
        List<Run> runs = decoded.batch().runs();
        List<RunStore.Refused> refused = store.store(project, decoded.batch());
        if (refused.isEmpty()) {
            return new IngestResponse(runs.size(), decoded.rejects());
        }
        // The decoded runs keep the body's order, less the rejected ones: find each one's place in the body.
        Set<Integer> unread = new HashSet<>();
        decoded.rejects().forEach(r -> unread.add(r.index()));
        int[] places = new int[runs.size()];
        for (int i = 0, place = 0; i < runs.size(); i++, place++) {
            while (unread.contains(place)) {
                place++;
            }
            places[i] = place;
        }
        List<RunReject> rejects = new ArrayList<>(decoded.rejects());
        for (RunStore.Refused r : refused) {
            String path = "runs[" + places[r.index()] + "]";
            rejects.add(new RunReject(places[r.index()], runs.get(r.index()).id(),
                    r.field() == null ? path : path + "." + r.field(), r.message()));
        }
        rejects.sort(Comparator.comparingInt(RunReject::index));
        return new IngestResponse(runs.size() - refused.size(), rejects);
    }

    /** The field path a {@link WireFormatException} message starts with ({@code runs: required ...}), if any. */
    static String fieldOf(String message) {
        int colon = message.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String head = message.substring(0, colon);
        return head.matches("[A-Za-z][A-Za-z0-9_.\\[\\]]*") ? head : null;
    }

    /** Reads the whole stream, or returns {@code null} as soon as it is longer than {@code max} bytes. */
    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > max) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private ResponseEntity<String> tooLarge() {
        return error(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + maxBodyBytes
                + " bytes (after decompression); split the batch and send the halves", null);
    }

    private static ResponseEntity<String> error(HttpStatus status, String message, String field) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(WireFormat.encodeError(message, field));
    }
}
