package dev.kodo.core.run;

import java.util.Objects;

/**
 * What went wrong, as it is shipped: the exception's class name and its message (truncated to
 * {@value #MAX_MESSAGE_LENGTH} characters). Stack traces stay in the user's logs.
 *
 * @param type    fully qualified class name of the exception, e.g. {@code com.example.CardDeclinedException}
 * @param message the exception's message, possibly {@code null}
 */
public record ErrorInfo(String type, String message) {

    /** Longest message kept; longer ones are cut and end with an ellipsis. */
    public static final int MAX_MESSAGE_LENGTH = 1024;

    public ErrorInfo {
        Objects.requireNonNull(type, "type");
        message = truncate(message);
    }

    /** Describes {@code error} by its class name and message. */
    public static ErrorInfo of(Throwable error) {
        String message;
        try {
            message = error.getMessage();
        } catch (RuntimeException | LinkageError e) {
            // A user exception whose getMessage() throws must not leave the run or step without an end.
            message = "(getMessage() threw " + e.getClass().getName() + ")";
        }
        return new ErrorInfo(error.getClass().getName(), message);
    }

    /** The class name without its package: {@code CardDeclinedException}. */
    public String simpleType() {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static String truncate(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 1) + "\u2026";
    }
}
