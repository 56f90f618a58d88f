package dev.kodo.server.health;

import dev.kodo.core.Durations;
import dev.kodo.server.storage.Storable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The time range a Process Health question is about: the last {@code 1h}, {@code 24h} or {@code 7d} (any duration
 * of {@link Durations#parse} up to 90 days), or {@code from}/{@code to} as RFC 3339 timestamps. Runs count in a
 * window when they ended, or were declared lost, in [from, to).
 *
 * @param from  start, inclusive
 * @param to    end, exclusive
 * @param label {@code 24h}, or {@code custom} for from/to
 */
public record Window(Instant from, Instant to, String label) {

    /** The window when none is asked for. */
    public static final String DEFAULT = "24h";
    static final Duration LONGEST = Duration.ofDays(90);
    private static final List<Duration> WIDTHS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1));

    /**
     * Reads the query parameters {@code window}, {@code from} and {@code to}.
     *
     * @throws BadRequestException naming the parameter that is wrong
     */
    public static Window of(String window, String from, String to, Instant now) {
        if (from != null || to != null) {
            if (window != null) {
                throw new BadRequestException("give either window or from/to, not both", "window");
            }
            Instant start = timestamp(from, "from");
            Instant end = to == null ? now : timestamp(to, "to");
            if (!start.isBefore(end)) {
                throw new BadRequestException("must be before " + (to == null ? "now (" + now + "), as to is not given"
                        : "to (" + to + ")"), "from");
            }
            if (Duration.between(start, end).compareTo(LONGEST) > 0) {
                throw new BadRequestException("from/to may span at most 90 days", "from");
            }
            return new Window(start, end, "custom");
        }
        String label = window == null || window.isBlank() ? DEFAULT : window.trim();
        Duration length;
        try {
            length = Durations.parse(label);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage(), "window");
        }
        if (length.isZero() || length.isNegative() || length.compareTo(LONGEST) > 0) {
            throw new BadRequestException("must be between 1m and 90d, such as 1h, 24h or 7d (was " + label + ")", "window");
        }
        return new Window(now.minus(length), now, label);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The narrowest of 1m, 5m, 15m, 1h, 6h, 1d that splits this window into at most {@code maxBuckets}. */
    public Duration bucketWidth(int maxBuckets) {
        for (Duration width : WIDTHS) {
            if (length().toMillis() / width.toMillis() <= maxBuckets) {
                return width;
            }
        }
        return WIDTHS.get(WIDTHS.size() - 1);
    }

    private static Instant timestamp(String value, String parameter) {
        if (value == null) {
            throw new BadRequestException("required with " + (parameter.equals("from") ? "to" : "from")
                    + ", an RFC 3339 timestamp such as 2026-12-04T15:00:00Z", parameter);
        }
        Instant t;
        try {
            t = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value, Instant::from);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("must be an RFC 3339 timestamp such as 2026-12-04T15:00:00Z (was \""
                    + value + "\")", parameter);
        }
        if (!Storable.inRange(t)) {
            throw new BadRequestException(Storable.outOfRange(t), parameter);
        }
        return t;
    }
}
