package dev.kodo.core.internal;

/**
 * Reads the current OpenTelemetry span when the OpenTelemetry API is on the classpath, so a run can name the trace
 * it belongs to. Without the API this costs one static boolean check.
 */
final class TraceContext {

    private static final boolean PRESENT = isPresent();

    private TraceContext() {
    }

    /** {@code [traceId, spanId]} of the current valid span, or {@code null}. */
    static String[] current() {
        return PRESENT ? OpenTelemetryAccess.current() : null;
    }

    private static boolean isPresent() {
        try {
            Class.forName("io.opentelemetry.api.trace.Span", false, TraceContext.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Loaded only when the API is present. */
    private static final class OpenTelemetryAccess {
        static String[] current() {
            io.opentelemetry.api.trace.SpanContext context = io.opentelemetry.api.trace.Span.current().getSpanContext();
            return context.isValid() ? new String[] {context.getTraceId(), context.getSpanId()} : null;
        }
    }
}
