package dev.kodo.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations users write in annotations and configuration: {@code 500ms}, {@code 30s}, {@code 15m},
 * {@code 2h}, {@code 1d}, or ISO-8601 such as {@code PT15M}.
 * <pre>{@code
 * Duration stuckAfter = Durations.parse("15m"); // PT15M
 * }</pre>
 */
public final class Durations {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a duration is required: use 30s, 15m, 2h, 1d or ISO-8601 such as PT15M");
        }
        String s = text.trim();
        Matcher m = SIMPLE.matcher(s.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": return Duration.ofMillis(amount);
                    case "s": return Duration.ofSeconds(amount);
                    case "m": return Duration.ofMinutes(amount);
                    case "h": return Duration.ofHours(amount);
                    default: return Duration.ofDays(amount);
                }
            }
            return Duration.parse(s);
        } catch (ArithmeticException | NumberFormatException e) {
            // Digits beyond a long, or more seconds than a Duration holds: the same kind of mistake as a typo.
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration: use 500ms, 30s, 15m, 2h, 1d "
                    + "or ISO-8601 such as PT15M");
        }
    }
}
