package dev.kodo.core.wire;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunLimits;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON wire format of {@code POST /api/v1/runs}, shared by the SDK, the collector and the server. The format
 * is described with a full example in {@code docs/wire-format.md}.
 *
 * <p>Times are RFC 3339 in UTC with microseconds ({@code 2026-12-04T15:42:33.123456Z}); durations are
 * milliseconds as decimals ({@code 812.5}).
 *
 * <pre>{@code
 * String json = WireFormat.encode(RunBatch.of(resource, runs));
 * DecodedBatch decoded = WireFormat.decode(json);   // valid runs + a reject per invalid run
 * }</pre>
 */
public final class WireFormat {

    /** The ingest path, relative to the endpoint. */
    public static final String INGEST_PATH = "/api/v1/runs";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
    /** Ten years: longer than any run, step or stuck-after a sender can mean. */
    private static final BigDecimal MAX_MILLIS = BigDecimal.valueOf(10L * 366 * 24 * 3600 * 1000);
    /** Timestamps a PostgreSQL timestamptz and the RFC 3339 profile written here both hold. */
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant AFTER_LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private WireFormat() {
    }

    // ---------------------------------------------------------------------------------------------- encoding

    /** Encodes a batch as JSON. */
    public static String encode(RunBatch batch) {
        StringBuilder sb = new StringBuilder(256 + batch.runs().size() * 512);
        JsonWriter w = new JsonWriter(sb);
        w.beginObject();
        w.name("resource");
        writeResource(w, batch.resource());
        w.name("runs").beginArray();
        for (Run run : batch.runs()) {
            writeRun(w, run);
        }
        w.endArray();
        if (batch.inflight() != null) {
            w.name("inflight").beginArray();
            for (String id : batch.inflight()) {
                w.value(id);
            }
            w.endArray();
        }
        w.endObject();
        return sb.toString();
    }

    /** Encodes one run as a JSON object. */
    public static String encode(Run run) {
        StringBuilder sb = new StringBuilder(512);
        writeRun(new JsonWriter(sb), run);
        return sb.toString();
    }

    /** Encodes the body of a {@code 202} answer. */
    public static String encode(IngestResponse response) {
        StringBuilder sb = new StringBuilder(64);
        JsonWriter w = new JsonWriter(sb);
        w.beginObject().name("accepted").value(response.accepted()).name("rejected").beginArray();
        for (RunReject reject : response.rejects()) {
            w.beginObject().name("index").value(reject.index()).optional("id", reject.id())
                    .name("field").value(reject.field()).name("message").value(reject.message()).endObject();
        }
        w.endArray().endObject();
        return sb.toString();
    }

    /** Encodes the body of an error answer ({@code 400}, {@code 401}, {@code 413}, ...). */
    public static String encodeError(String message, String field) {
        StringBuilder sb = new StringBuilder(64);
        new JsonWriter(sb).beginObject().name("error").value(message).optional("field", field).endObject();
        return sb.toString();
    }

    /** Formats an instant as the wire does: RFC 3339, UTC, microseconds. */
    public static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static void writeResource(JsonWriter w, Resource r) {
        w.beginObject()
                .name("service").value(r.service())
                .optional("environment", r.environment())
                .optional("host", r.host())
                .name("instance").value(r.instance())
                .name("sdk").value(r.sdk());
        if (r.heartbeatIntervalMs() > 0) {
            w.name("heartbeatIntervalMs").value(r.heartbeatIntervalMs());
        }
        w.endObject();
    }

    private static void writeRun(JsonWriter w, Run run) {
        w.beginObject()
                .name("id").value(run.id())
                .name("workflow").value(run.workflow())
                .name("status").value(run.status().wireName())
                .name("startedAt").value(formatTimestamp(run.startedAt()));
        if (run.endedAt() != null) {
            w.name("endedAt").value(formatTimestamp(run.endedAt()));
            w.name("durationMs").millis(Duration.between(run.startedAt(), run.endedAt()).toNanos());
        }
        w.optional("failedStep", run.failedStep());
        if (run.error() != null) {
            w.name("error");
            writeError(w, run.error());
        }
        w.name("steps").beginArray();
        for (Step step : run.steps()) {
            w.beginObject()
                    .name("name").value(step.name())
                    .name("status").value(step.status().wireName())
                    .name("startedAt").value(formatTimestamp(step.startedAt()))
                    .name("durationMs").millis(step.durationNanos())
                    .optional("parent", step.parent());
            if (step.error() != null) {
                w.name("error");
                writeError(w, step.error());
            }
            w.endObject();
        }
        w.endArray();
        if (!run.attributes().isEmpty()) {
            w.name("attributes").beginObject();
            for (Map.Entry<String, String> e : run.attributes().entrySet()) {
                w.name(e.getKey()).value(e.getValue());
            }
            w.endObject();
        }
        w.name("source").value(run.source())
                .optional("traceId", run.traceId())
                .optional("spanId", run.spanId());
        if (run.stuckAfter() != null) {
            w.name("stuckAfterMs").value(run.stuckAfter().toMillis());
        }
        w.endObject();
    }

    private static void writeError(JsonWriter w, ErrorInfo error) {
        w.beginObject().name("type").value(error.type()).optional("message", error.message()).endObject();
    }

    // ---------------------------------------------------------------------------------------------- decoding

    /**
     * Reads a batch. Runs that break the format are left out and reported in {@link DecodedBatch#rejects()};
     * the others are returned, so one bad run does not cost the rest of its batch.
     *
     * @throws WireFormatException when the body as a whole is not a batch (not JSON, no {@code resource}, no
     *                             {@code runs} array, ...); nothing of it may then be stored
     */
    public static DecodedBatch decode(String json) {
        try {
            return decodeBatch(json);
        } catch (WireFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WireFormatException("the body cannot be read as a batch: " + e);
        }
    }

    private static DecodedBatch decodeBatch(String json) {
        Object root = JsonReader.parse(json);
        if (!(root instanceof Map)) {
            throw new WireFormatException("the body must be a JSON object with \"resource\" and \"runs\"");
        }
        Map<?, ?> body = (Map<?, ?>) root;
        Resource resource = readResource(body.get("resource"));
        Object runsValue = body.get("runs");
        if (!(runsValue instanceof List)) {
            throw new WireFormatException("runs: required, must be an array of runs (may be empty)");
        }
        List<String> inflight = readInflight(body.get("inflight"));
        List<?> rawRuns = (List<?>) runsValue;
        List<Run> runs = new ArrayList<>(rawRuns.size());
        List<RunReject> rejects = new ArrayList<>();
        for (int i = 0; i < rawRuns.size(); i++) {
            Object raw = rawRuns.get(i);
            String path = "runs[" + i + "]";
            String id = raw instanceof Map && ((Map<?, ?>) raw).get("id") instanceof String
                    ? (String) ((Map<?, ?>) raw).get("id") : null;
            try {
                runs.add(readRun(raw, path));
            } catch (FieldException e) {
                rejects.add(new RunReject(i, id, e.field, e.getMessage()));
            } catch (RuntimeException e) {
                // Whatever else one run can break stays that run's problem, never the batch's.
                rejects.add(new RunReject(i, id, path, "cannot be read: " + e));
            }
        }
        return new DecodedBatch(new RunBatch(resource, runs, inflight), rejects);
    }

    /** Reads a single run object, as {@link #encode(Run)} writes it. */
    public static Run decodeRun(String json) {
        try {
            return readRun(JsonReader.parse(json), "run");
        } catch (FieldException e) {
            throw new WireFormatException(e.field + ": " + e.getMessage());
        }
    }

    /** Reads the body of a {@code 202} answer. */
    public static IngestResponse decodeResponse(String json) {
        Object root = JsonReader.parse(json);
        if (!(root instanceof Map)) {
            throw new WireFormatException("the answer must be a JSON object");
        }
        Map<?, ?> body = (Map<?, ?>) root;
        int accepted = body.get("accepted") instanceof BigDecimal ? ((BigDecimal) body.get("accepted")).intValue() : 0;
        List<RunReject> rejects = new ArrayList<>();
        if (body.get("rejected") instanceof List) {
            for (Object o : (List<?>) body.get("rejected")) {
                if (o instanceof Map) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    int index = m.get("index") instanceof BigDecimal ? ((BigDecimal) m.get("index")).intValue() : -1;
                    rejects.add(new RunReject(index, asString(m.get("id")), asString(m.get("field")),
                            asString(m.get("message"))));
                }
            }
        }
        return new IngestResponse(accepted, rejects);
    }

    /** Reads the {@code error} member of an error answer, or returns the body unchanged if it has none. */
    public static String decodeErrorMessage(String json) {
        try {
            Object root = JsonReader.parse(json);
            if (root instanceof Map && ((Map<?, ?>) root).get("error") instanceof String) {
                return (String) ((Map<?, ?>) root).get("error");
            }
        } catch (WireFormatException ignored) {
            // not JSON: the raw body is the best description we have
        }
        return json;
    }

    private static Resource readResource(Object value) {
        if (!(value instanceof Map)) {
            throw new WireFormatException("resource: required, must be an object with service and instance");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        try {
            String service = optionalString(m, "service", "resource.service", RunLimits.MAX_NAME_LENGTH);
            String instance = requiredString(m, "instance", "resource.instance", RunLimits.MAX_ID_LENGTH);
            String environment = optionalString(m, "environment", "resource.environment", RunLimits.MAX_NAME_LENGTH);
            String host = optionalString(m, "host", "resource.host", 255);
            String sdk = optionalString(m, "sdk", "resource.sdk", RunLimits.MAX_NAME_LENGTH);
            long heartbeat = 0;
            if (m.get("heartbeatIntervalMs") != null) {
                heartbeat = nonNegativeMillis(m.get("heartbeatIntervalMs"), "resource.heartbeatIntervalMs") / 1_000_000;
            }
            return new Resource(service, environment, host, instance, sdk == null ? "unknown" : sdk, heartbeat);
        } catch (FieldException e) {
            throw new WireFormatException(e.field + ": " + e.getMessage());
        }
    }

    private static List<String> readInflight(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof List)) {
            throw new WireFormatException("inflight: must be an array of run ids");
        }
        List<String> ids = new ArrayList<>();
        for (Object o : (List<?>) value) {
            if (!(o instanceof String)) {
                throw new WireFormatException("inflight: must contain run ids as strings");
            }
            ids.add((String) o);
        }
        return ids;
    }

    private static Run readRun(Object value, String path) {
        if (!(value instanceof Map)) {
            throw new FieldException(path, "must be an object");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        String id = requiredString(m, "id", path + ".id", RunLimits.MAX_ID_LENGTH);
        String workflow = requiredString(m, "workflow", path + ".workflow", RunLimits.MAX_NAME_LENGTH);
        String statusWord = requiredString(m, "status", path + ".status", 16);
        RunStatus status = RunStatus.fromWireName(statusWord);
        if (status == null) {
            throw new FieldException(path + ".status",
                    "must be one of running, ok, failed (was \"" + statusWord + "\")");
        }
        Instant startedAt = requiredTimestamp(m, "startedAt", path + ".startedAt");
        Instant endedAt = optionalTimestamp(m, "endedAt", path + ".endedAt");
        Object durationMs = m.get("durationMs");
        if (status.isTerminal()) {
            if (endedAt == null && durationMs == null) {
                throw new FieldException(path + ".endedAt",
                        "required when status is " + statusWord + " (or give durationMs)");
            }
            if (endedAt == null) {
                endedAt = startedAt.plusNanos(nonNegativeMillis(durationMs, path + ".durationMs"));
            }
            if (endedAt.isBefore(startedAt)) {
                throw new FieldException(path + ".endedAt", "must not be before startedAt");
            }
            if (Duration.between(startedAt, endedAt).toMillis() > MAX_MILLIS.longValue()) {
                throw new FieldException(path + ".endedAt", "must be within ten years of startedAt");
            }
        } else {
            endedAt = null;
        }
        String failedStep = optionalString(m, "failedStep", path + ".failedStep", RunLimits.MAX_NAME_LENGTH);
        ErrorInfo error = readError(m.get("error"), path + ".error");
        List<Step> steps = readSteps(m.get("steps"), path + ".steps");
        Map<String, String> attributes = readAttributes(m.get("attributes"), path + ".attributes");
        String source = optionalString(m, "source", path + ".source", RunLimits.MAX_NAME_LENGTH);
        if (source != null && !source.equals(Run.SOURCE_SDK) && !(source.startsWith("table:") && source.length() > 6)) {
            throw new FieldException(path + ".source", "must be \"sdk\" or \"table:<name>\" (was \"" + source + "\")");
        }
        String traceId = optionalString(m, "traceId", path + ".traceId", 64);
        String spanId = optionalString(m, "spanId", path + ".spanId", 64);
        Duration stuckAfter = null;
        if (m.get("stuckAfterMs") != null) {
            stuckAfter = Duration.ofNanos(nonNegativeMillis(m.get("stuckAfterMs"), path + ".stuckAfterMs"));
        }
        return new Run(id, workflow, status, startedAt, endedAt, failedStep, error, steps, attributes, source,
                traceId, spanId, stuckAfter);
    }

    private static List<Step> readSteps(Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new FieldException(path, "must be an array of steps");
        }
        List<?> raw = (List<?>) value;
        if (raw.size() > RunLimits.MAX_STEPS) {
            throw new FieldException(path, "at most " + RunLimits.MAX_STEPS + " steps per run (was " + raw.size() + ")");
        }
        List<Step> steps = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String stepPath = path + "[" + i + "]";
            if (!(raw.get(i) instanceof Map)) {
                throw new FieldException(stepPath, "must be an object");
            }
            Map<?, ?> m = (Map<?, ?>) raw.get(i);
            String name = requiredString(m, "name", stepPath + ".name", RunLimits.MAX_NAME_LENGTH);
            String statusWord = requiredString(m, "status", stepPath + ".status", 16);
            StepStatus status = StepStatus.fromWireName(statusWord);
            if (status == null) {
                throw new FieldException(stepPath + ".status", "must be ok or failed (was \"" + statusWord + "\")");
            }
            Instant startedAt = requiredTimestamp(m, "startedAt", stepPath + ".startedAt");
            if (m.get("durationMs") == null) {
                throw new FieldException(stepPath + ".durationMs", "required");
            }
            long durationNanos = nonNegativeMillis(m.get("durationMs"), stepPath + ".durationMs");
            String parent = optionalString(m, "parent", stepPath + ".parent", RunLimits.MAX_NAME_LENGTH);
            ErrorInfo error = readError(m.get("error"), stepPath + ".error");
            steps.add(new Step(name, status, startedAt, durationNanos, parent, error));
        }
        return steps;
    }

    private static Map<String, String> readAttributes(Object value, String path) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map)) {
            throw new FieldException(path, "must be an object of string values");
        }
        Map<?, ?> raw = (Map<?, ?>) value;
        if (raw.size() > RunLimits.MAX_ATTRIBUTES) {
            throw new FieldException(path, "at most " + RunLimits.MAX_ATTRIBUTES + " attributes (was " + raw.size() + ")");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String key = (String) e.getKey();
            String keyPath = path + "." + key;
            if (key.isEmpty() || key.length() > RunLimits.MAX_ATTRIBUTE_KEY_LENGTH) {
                throw new FieldException(keyPath, "keys must be 1 to " + RunLimits.MAX_ATTRIBUTE_KEY_LENGTH + " characters");
            }
            if (!(e.getValue() instanceof String)) {
                throw new FieldException(keyPath, "must be a string");
            }
            String v = (String) e.getValue();
            if (v.length() > RunLimits.MAX_ATTRIBUTE_VALUE_LENGTH) {
                throw new FieldException(keyPath, "at most " + RunLimits.MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
            }
            attributes.put(key, v);
        }
        return attributes;
    }

    private static ErrorInfo readError(Object value, String path) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new FieldException(path, "must be an object with type and message");
        }
        Map<?, ?> m = (Map<?, ?>) value;
        String type = requiredString(m, "type", path + ".type", 512);
        Object message = m.get("message");
        if (message != null && !(message instanceof String)) {
            throw new FieldException(path + ".message", "must be a string");
        }
        return new ErrorInfo(type, (String) message);
    }

    private static String requiredString(Map<?, ?> m, String key, String path, int maxLength) {
        String s = optionalString(m, key, path, maxLength);
        if (s == null || s.isEmpty()) {
            throw new FieldException(path, "required, a non-empty string");
        }
        return s;
    }

    private static String optionalString(Map<?, ?> m, String key, String path, int maxLength) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw new FieldException(path, "must be a string");
        }
        String s = (String) v;
        if (s.length() > maxLength) {
            throw new FieldException(path, "at most " + maxLength + " characters (was " + s.length() + ")");
        }
        return s;
    }

    private static Instant requiredTimestamp(Map<?, ?> m, String key, String path) {
        Instant t = optionalTimestamp(m, key, path);
        if (t == null) {
            throw new FieldException(path, "required, an RFC 3339 timestamp such as 2026-12-04T15:42:33.123456Z");
        }
        return t;
    }

    private static Instant optionalTimestamp(Map<?, ?> m, String key, String path) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String)) {
            throw new FieldException(path, "must be an RFC 3339 timestamp string");
        }
        Instant t;
        try {
            t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse((String) v, Instant::from);
        } catch (DateTimeParseException e) {
            throw new FieldException(path, "must be an RFC 3339 timestamp such as 2026-12-04T15:42:33.123456Z (was \""
                    + v + "\")");
        }
        if (t.isBefore(EARLIEST) || !t.isBefore(AFTER_LATEST)) {
            throw new FieldException(path, "must lie between 1970 and 9999 (was \"" + v + "\")");
        }
        return t;
    }

    private static long nonNegativeMillis(Object v, String path) {
        if (!(v instanceof BigDecimal)) {
            throw new FieldException(path, "must be a number of milliseconds");
        }
        BigDecimal ms = (BigDecimal) v;
        if (ms.signum() < 0) {
            throw new FieldException(path, "must not be negative");
        }
        if (ms.compareTo(MAX_MILLIS) > 0) {
            throw new FieldException(path, "must be at most ten years in milliseconds (was " + ms.toPlainString() + ")");
        }
        try {
            return ms.multiply(NANOS_PER_MILLI).setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new FieldException(path, "too large");
        }
    }

    private static String asString(Object o) {
        return o instanceof String ? (String) o : null;
    }

    /** A field of one run that breaks the format; becomes a {@link RunReject}. */
    private static final class FieldException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldException(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }
}
