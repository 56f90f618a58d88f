package dev.kodo.server.storage;

import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the server can store and show of a run that the wire format accepted: timestamps from 1970 to 9999, a run
 * no longer than nanosecond durations reach (292 years), and text without the character U+0000, which PostgreSQL
 * cannot store. Checked before a batch is written, so that such a run is rejected alone, naming its field,
 * instead of failing the whole batch.
 *
 * <p>Why these years: past 9999 RFC 3339 has no way to write a year, and no run of a process predates the Unix
 * epoch (such a time is a sentinel such as {@code 0001-01-01} or a clock gone wrong). The JDBC driver also reads
 * times before 1582 in the Julian calendar while the wire writes them in the Gregorian one.
 *
 * <pre>
 * Storable.Problem problem = Storable.problemOf(run);   // null when the run can be stored
 * </pre>
 */
public final class Storable {

    /** The earliest timestamp stored: {@code 1970-01-01T00:00:00Z}. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest timestamp stored: the last microsecond of {@code 9999-12-31}. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /** The longest run: its duration is written in nanoseconds, as a {@code long}. */
    static final Duration LONGEST_RUN = Duration.ofNanos(Long.MAX_VALUE);

    private Storable() {
    }

    /** A field that cannot be stored, and why. */
    public record Problem(String field, String message) {
    }

    /** {@code true} when {@code t} lies within [{@link #EARLIEST}, {@link #LATEST}]. */
    public static boolean inRange(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    /** The message for a timestamp outside the range, naming the value. */
    public static String outOfRange(Instant t) {
        return "must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z (was " + t + ")";
    }

    /**
     * The first field of {@code run} the server cannot store, named within the run ({@code endedAt},
     * {@code steps[2].name}); {@code null} when it can be stored.
     */
    public static Problem problemOf(Run run) {
        Problem p = timestamp(run.startedAt(), "startedAt");
        if (p == null && run.endedAt() != null) {
            p = timestamp(run.endedAt(), "endedAt");
            if (p == null && run.duration().compareTo(LONGEST_RUN) > 0) {
                p = new Problem("endedAt", "must be at most 292 years after startedAt (was " + run.endedAt()
                        + " for a run started " + run.startedAt() + ")");
            }
        }
        p = first(p, text(run.id(), "id"), text(run.workflow(), "workflow"), text(run.failedStep(), "failedStep"),
                error(run.error(), "error"), text(run.source(), "source"), text(run.traceId(), "traceId"),
                text(run.spanId(), "spanId"));
        for (Map.Entry<String, String> attribute : run.attributes().entrySet()) {
            String field = "attributes." + attribute.getKey();
            p = first(p, text(attribute.getKey(), field), text(attribute.getValue(), field));
        }
        for (int i = 0; i < run.steps().size() && p == null; i++) {
            Step step = run.steps().get(i);
            String path = "steps[" + i + "]";
            p = first(timestamp(step.startedAt(), path + ".startedAt"), text(step.name(), path + ".name"),
                    text(step.parent(), path + ".parent"), error(step.error(), path + ".error"));
        }
        return p;
    }

    /** The first field of the sender's {@code resource} the server cannot store; {@code null} if none. */
    public static Problem problemOf(Resource resource) {
        return first(text(resource.service(), "resource.service"), text(resource.instance(), "resource.instance"),
                text(resource.environment(), "resource.environment"), text(resource.host(), "resource.host"),
                text(resource.sdk(), "resource.sdk"));
    }

    /** {@code true} when PostgreSQL can store {@code s} as text. */
    public static boolean storableText(String s) {
        return s == null || s.indexOf('\u0000') < 0;
    }

    private static Problem timestamp(Instant t, String field) {
        return inRange(t) ? null : new Problem(field, outOfRange(t));
    }

    private static Problem text(String s, String field) {
        return storableText(s) ? null
                : new Problem(field, "must not contain the character U+0000 (\\u0000), which PostgreSQL cannot store");
    }

    private static Problem error(ErrorInfo error, String field) {
        return error == null ? null : first(text(error.type(), field + ".type"), text(error.message(), field + ".message"));
    }

    private static Problem first(Problem... problems) {
        for (Problem p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
