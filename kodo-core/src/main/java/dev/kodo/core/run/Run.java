package dev.kodo.core.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One execution of a workflow, as it is shipped and stored: a snapshot that never changes. A run maps to a trace
 * and each of its steps to a span.
 *
 * <p>A run is {@link RunStatus#FAILED} when its body threw or any of its steps errored; {@link #failedStep()} is
 * then the first step that errored, and {@link #error()} that step's error (or the body's, when no step failed).
 *
 * @param id          unique id of the run (32 lower-case hex characters for SDK runs)
 * @param workflow    the process it belongs to, e.g. {@code checkout-fulfillment}
 * @param status      where it stands
 * @param startedAt   when it started
 * @param endedAt     when it ended; {@code null} while {@link RunStatus#RUNNING}
 * @param failedStep  name of the first step that errored, or {@code null}
 * @param error       what went wrong, or {@code null}
 * @param steps       the ended steps, ordered by start time
 * @param attributes  string attributes set by the user, e.g. {@code order.id}; bounded in number and size
 * @param source      {@code sdk}, or {@code table:<name>} for runs read by the collector
 * @param traceId     trace id of the surrounding OpenTelemetry span, when there was one
 * @param spanId      span id of the surrounding OpenTelemetry span, when there was one
 * @param stuckAfter  how long the run may stay running before it counts as stuck; {@code null} leaves it to the
 *                    server's setting for the workflow
 */
public record Run(String id, String workflow, RunStatus status, Instant startedAt, Instant endedAt,
                  String failedStep, ErrorInfo error, List<Step> steps, Map<String, String> attributes,
                  String source, String traceId, String spanId, Duration stuckAfter) {

    /** The {@link #source()} of runs recorded by the SDK. */
    public static final String SOURCE_SDK = "sdk";

    public Run {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        steps = steps == null ? List.of() : List.copyOf(steps);
        // Insertion order is kept: attributes are shown and shipped in the order they were set.
        attributes = attributes == null || attributes.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        source = source == null ? SOURCE_SDK : source;
    }

    /** End-to-end duration; {@code null} while running. */
    public Duration duration() {
        return endedAt == null ? null : Duration.between(startedAt, endedAt);
    }

    /** {@code true} for an ended run whose body threw or one of whose steps errored. */
    public boolean failed() {
        return status == RunStatus.FAILED;
    }

    /** The step with this name that started first, or {@code null}. */
    public Step step(String name) {
        for (Step step : steps) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        return null;
    }
}
