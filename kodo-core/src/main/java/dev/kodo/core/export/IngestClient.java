package dev.kodo.core.export;

import dev.kodo.core.wire.IngestResponse;
import dev.kodo.core.wire.RunBatch;
import dev.kodo.core.wire.WireFormat;
import dev.kodo.core.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.zip.GZIPOutputStream;

/**
 * Sends one batch to {@code POST /api/v1/runs} and classifies the answer; it does not retry. The
 * {@link HttpRunExporter} and the collector build their retry policies on it.
 *
 * <pre>{@code
 * IngestClient client = IngestClient.create(ReporterSettings.defaults(endpoint, apiKey), "kodo-collector/0.1.0");
 * IngestClient.Result result = client.send(RunBatch.of(resource, runs));
 * if (result.outcome() == IngestClient.Outcome.RETRY) { ... wait result.retryAfter() ... }
 * }</pre>
 */
public final class IngestClient {

    /** Bodies smaller than this are sent uncompressed: gzip would not pay off. */
    static final int GZIP_THRESHOLD = 1024;

    /** What the answer means for the sender. */
    public enum Outcome {
        /** 2xx: stored (see {@link Result#response()} for per-run rejects). */
        ACCEPTED,
        /** 429, 5xx or a network error: send the same batch again later. */
        RETRY,
        /** 401 or 403: the API key is wrong; retrying will not help. */
        UNAUTHORIZED,
        /** 413: the body is too large; split the batch. */
        TOO_LARGE,
        /** Any other 4xx: the server refused the batch as malformed; retrying will not help. */
        REFUSED
    }

    /**
     * The classified answer.
     *
     * @param outcome    what to do next
     * @param status     the HTTP status, or 0 when no answer arrived
     * @param response   the parsed 202 body, or {@code null}
     * @param retryAfter the server's {@code Retry-After}, or {@code null}
     * @param message    a description of a problem, or {@code null} when accepted
     */
    public record Result(Outcome outcome, int status, IngestResponse response, Duration retryAfter, String message) {
    }

    private final HttpClient http;
    private final URI uri;
    private final String authorization;
    private final Duration requestTimeout;
    private final boolean gzip;
    private final String userAgent;

    private IngestClient(URI uri, String apiKey, Duration requestTimeout, boolean gzip, String userAgent) {
        this.uri = uri;
        this.authorization = "Bearer " + apiKey;
        this.requestTimeout = requestTimeout;
        this.gzip = gzip;
        this.userAgent = userAgent;
        // HTTP/1.1: the default would try an h2c upgrade on plain http, which some servers refuse for POSTs.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout)
                .build();
    }

    /** A client for the endpoint, key, timeout and compression of {@code settings}. */
    public static IngestClient create(ReporterSettings settings, String userAgent) {
        if (settings.apiKey() == null || settings.apiKey().isBlank()) {
            throw new IllegalArgumentException("an API key is required to send runs (KODO_API_KEY)");
        }
        return new IngestClient(settings.ingestUri(), settings.apiKey(), settings.requestTimeout(), settings.gzip(),
                userAgent);
    }

    /** Encodes and sends {@code batch}. Never throws for network problems: they are {@link Outcome#RETRY}. */
    public Result send(RunBatch batch) throws InterruptedException {
        return send(WireFormat.encode(batch));
    }

    /** Sends an already encoded batch. */
    public Result send(String json) throws InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent);
        if (gzip && body.length >= GZIP_THRESHOLD) {
            body = gzip(body);
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(Outcome.RETRY, 0, null, null, "cannot reach " + uri + ": " + describe(e));
        }
        return classify(response);
    }

    private Result classify(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            IngestResponse parsed = null;
            if (!body.isBlank()) {
                try {
                    parsed = WireFormat.decodeResponse(body);
                } catch (WireFormatException e) {
                    // The runs were accepted; an unreadable receipt only costs us the per-run rejects.
                }
            }
            return new Result(Outcome.ACCEPTED, status, parsed, null, null);
        }
        String message = "HTTP " + status + " from " + uri + (body.isBlank() ? "" : ": "
                + abbreviate(WireFormat.decodeErrorMessage(body)));
        if (status == 429 || status >= 500) {
            return new Result(Outcome.RETRY, status, null,
                    parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null)), message);
        }
        if (status == 401 || status == 403) {
            return new Result(Outcome.UNAUTHORIZED, status, null, null, message);
        }
        if (status == 413) {
            return new Result(Outcome.TOO_LARGE, status, null, null, message);
        }
        return new Result(Outcome.REFUSED, status, null, null, message);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date; {@code null} when absent or unreadable. */
    static Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException notDate) {
                return null;
            }
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
